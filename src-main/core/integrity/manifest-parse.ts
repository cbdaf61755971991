import type { Problem } from '../../common/problem';
import { RULES } from './bag-rules';
import { decodeManifestPath, unsafePathReason } from './bag-path';
import { splitLines } from './tag-text';

export const DIGEST_HEX_LENGTH: Record<string, number> = {
  md5: 32,
  sha1: 40,
  sha224: 56,
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

export interface ManifestEntry {
  path: string;
  digest: string;
} // path decoded, digest lowercase
export interface Manifest {
  file: string;
  algorithm: string;
  kind: 'payload' | 'tag';
  entries: Map<string, string>;
  problems: Problem[];
  warnings: Problem[];
  refused: boolean; // a path tried to leave the bag (RFC 8493 §5.1)
}

/**
 * One manifest (RFC 8493 §2.1.3 / §2.2.1): `checksum 1*WSP filepath` lines. Tolerated with a warning:
 * md5sum's "*" binary marker and a "./" prefix. Refused: paths that could leave the bag.
 */
export function parseManifest(
  text: string,
  file: string,
  algorithm: string,
  kind: 'payload' | 'tag',
  strict: boolean,
): Manifest {
  const m: Manifest = { file, algorithm, kind, entries: new Map(), problems: [], warnings: [], refused: false };
  const hexLength = DIGEST_HEX_LENGTH[algorithm];
  let warnedStar = false;
  let warnedDot = false;
  for (const line of splitLines(text)) {
    if (line.trim() === '') continue;
    const match = /^([^ \t]+)([ \t]+)(.*)$/.exec(line);
    if (
      !match ||
      !/^[0-9a-fA-F]+$/.test(match[1] ?? '') ||
      (hexLength !== undefined && match[1]!.length !== hexLength) ||
      match[3] === ''
    ) {
      m.problems.push({
        code: 'manifest-line-invalid',
        message: `${file}: ${JSON.stringify(line)} is not "<${algorithm} hex> <path>"`,
        path: file,
        rule: RULES.manifestLine,
      });
      continue;
    }
    const digest = match[1]!.toLowerCase();
    let raw = match[3]!;
    if (match[2] === ' ' && raw.startsWith('*')) {
      raw = raw.slice(1);
      if (!warnedStar)
        m.warnings.push({
          code: 'md5sum-marker',
          message: `${file}: md5sum "*" binary-mode markers were ignored; the bag fails strict validation`,
          path: file,
          rule: RULES.md5sum,
        });
      warnedStar = true;
    }
    if (raw.startsWith('./')) {
      raw = raw.replace(/^(\.\/)+/, '');
      if (!warnedDot)
        m.warnings.push({
          code: 'path-dot-prefix',
          message: `${file}: "./" path prefixes were ignored`,
          path: file,
          rule: RULES.manifestLine,
        });
      warnedDot = true;
    }
    const path = decodeManifestPath(raw);
    const unsafe = unsafePathReason(path);
    if (unsafe) {
      m.refused = true;
      m.problems.push({
        code: 'path-unsafe',
        message: `${file} lists ${JSON.stringify(path)}: ${unsafe}`,
        path,
        rule: RULES.specialChars,
      });
      continue;
    }
    const inPayload = path.startsWith('data/');
    if (kind === 'payload' && !inPayload) {
      m.problems.push({
        code: 'path-outside-payload',
        message: `${file} lists ${JSON.stringify(path)}, which is outside data/`,
        path,
        rule: RULES.manifestScope,
      });
      continue;
    }
    if (kind === 'tag' && inPayload) {
      m.problems.push({
        code: 'tag-manifest-lists-payload',
        message: `${file} lists the payload file ${JSON.stringify(path)}`,
        path,
        rule: RULES.tagManifestScope,
      });
      continue;
    }
    const previous = m.entries.get(path);
    if (previous !== undefined) {
      const same = previous === digest;
      const finding: Problem = {
        code: 'manifest-duplicate-path',
        message: `${file} lists ${JSON.stringify(path)} twice${same ? ' (same digest)' : ' with different digests'}`,
        path,
        rule: RULES.manifestOnce,
      };
      if (same && !strict) m.warnings.push(finding);
      else m.problems.push(finding);
      continue;
    }
    m.entries.set(path, digest);
  }
  return m;
}
