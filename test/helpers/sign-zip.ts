import type { KeyObject } from 'node:crypto';
import { createHash } from 'node:crypto';
import {
  authorshipFileText,
  authorshipStatement,
  signAuthorship,
  AUTHORSHIP_TAG_FILE,
  type AuthorshipStatement,
} from '../../src-main/core/governance/authorship';
import { bundleDigest } from '../../src-main/core/integrity/bundle-digest';
import { decodeManifestPath } from '../../src-main/core/integrity/bag-path';
import { rewriteZip } from './zip-edit';

export interface Signer {
  name: string;
  email: string;
  keyId: string;
  privateKey: KeyObject;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Adds an author signature to a bag zip as a test would by hand: the statement over the manifest's files, signed
 * by `signer`, written as authorship.dsse.json and listed in tagmanifest-sha256.txt. `edit` may change the
 * statement before signing (a forged subject, another bundle's digest) to build hostile bundles.
 */
export async function addAuthorship(
  source: string,
  target: string,
  signer: Signer,
  edit: (st: AuthorshipStatement) => void = () => {},
): Promise<void> {
  await rewriteZip(source, target, (entries) => {
    const names = [...entries.keys()];
    const prefix = (names.find((n) => n.endsWith('bagit.txt')) ?? 'bagit.txt').replace(/bagit\.txt$/, '');
    const manifest = entries.get(`${prefix}manifest-sha256.txt`)!.toString('utf8');
    const files = manifest
      .split(/\r?\n/)
      .filter(Boolean)
      .map((line) => {
        const [hex, ...rest] = line.split(/\s+/);
        return { path: decodeManifestPath(rest.join(' ')), sha256: hex!.toLowerCase() };
      });
    const statement = authorshipStatement(bundleDigest(files), files, {
      signer: { name: signer.name, email: signer.email, keyId: signer.keyId },
      bundleName: 'test run',
      signedAt: '2026-12-01T10:00:00Z',
    });
    edit(statement);
    const text = Buffer.from(authorshipFileText(signAuthorship(statement, signer.privateKey, signer.keyId)), 'utf8');
    entries.set(prefix + AUTHORSHIP_TAG_FILE, text);
    const tagName = `${prefix}tagmanifest-sha256.txt`;
    const tags = (entries.get(tagName)?.toString('utf8') ?? '')
      .split('\n')
      .filter((l) => l && !l.endsWith(AUTHORSHIP_TAG_FILE));
    entries.set(tagName, Buffer.from([...tags, `${sha256(text)}  ${AUTHORSHIP_TAG_FILE}`].join('\n') + '\n'));
  });
}
