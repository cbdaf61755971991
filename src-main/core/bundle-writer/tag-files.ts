import { createHash } from 'node:crypto';
import { compareUtf8, encodeManifestPath } from '../integrity/bag-path';

/** The BagIt tag files of a bundle we write (BUNDLE-FORMAT section 1), as pure text. */

export interface HashedPayload {
  path: string; // relative to data/, decoded (a real file name)
  sha256: string;
  size: number;
}

export interface BagInfo {
  baggingDate: string; // YYYY-MM-DD
  softwareAgent: string;
  externalIdentifier: string; // the run id
}

export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';

/** `<hex> data/<path>` lines sorted by path, so the file is the bundle digest's normal form. */
export function manifestText(files: HashedPayload[]): string {
  const lines = files.map((f) => ({ path: `data/${encodeManifestPath(f.path)}`, hex: f.sha256.toLowerCase() }));
  lines.sort((a, b) => compareUtf8(a.path, b.path));
  return lines.map((l) => `${l.hex} ${l.path}\n`).join('');
}

/** Payload-Oxum is `<octets>.<file count>`; label values must stay on one line. */
export function bagInfoText(info: BagInfo, files: HashedPayload[]): string {
  const octets = files.reduce((n, f) => n + f.size, 0);
  const one = (v: string) => v.replace(/[\r\n]+/g, ' ').trim();
  return [
    `Bag-Software-Agent: ${one(info.softwareAgent)}`,
    `Bagging-Date: ${one(info.baggingDate)}`,
    `External-Identifier: ${one(info.externalIdentifier)}`,
    `Payload-Oxum: ${octets}.${files.length}`,
    '',
  ].join('\n');
}

export function tagManifestText(tags: Record<string, string>): string {
  return Object.keys(tags)
    .sort(compareUtf8)
    .map(
      (name) =>
        `${createHash('sha256')
          .update(tags[name] ?? '', 'utf8')
          .digest('hex')} ${name}\n`,
    )
    .join('');
}
