import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import {
  AUTHORSHIP_TAG_FILE,
  readAuthorship,
  type AuthorshipFacts,
} from '../../../../src-main/core/governance/authorship';
import { keyIdOfPublicKey, publicKeyBase64 } from '../../../../src-main/core/governance/ed25519-keys';
import type { AuthorshipSigner } from '../../../../src-main/core/governance/sign-authorship';
import type { TrustedKey } from '../../../../src-main/core/governance/team-file';
import { verifyBundle } from '../../../../src-main/core/bundle/verify-bundle';
import type { VerifyReport } from '../../../../src-main/common/schemas/bundle';

/** A fresh Ed25519 signer and the team entry that trusts it. */
export function testSigner(name: string): { signer: AuthorshipSigner; trusted: TrustedKey } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = keyIdOfPublicKey(publicKey);
  const email = `${name.toLowerCase()}@example.org`;
  return {
    signer: { name, email, keyId, privateKey },
    trusted: { keyId, publicKey: publicKeyBase64(publicKey), name, email, roles: ['contributor'], revoked: false },
  };
}

export interface SignedRead {
  report: VerifyReport;
  tags: Record<string, Buffer>;
  authorship: AuthorshipFacts | null;
}

/** A written bundle as verify reads it, with its envelope read against `keys`. */
export async function readSigned(file: string, keys: TrustedKey[]): Promise<SignedRead> {
  const v = await verifyBundle(file, { threads: 1 });
  try {
    const envelope = v.tagFiles[AUTHORSHIP_TAG_FILE];
    const files = v.payload.map((f) => ({ path: f.path, sha256: f.sha256 }));
    const authorship =
      envelope && v.report.bundleDigest
        ? readAuthorship(envelope, { digest: v.report.bundleDigest, files }, keys)
        : null;
    return { report: v.report, tags: { ...v.tagFiles }, authorship };
  } finally {
    await v.cleanup();
  }
}

const hex = (algorithm: string, b: Buffer | string) => createHash(algorithm).update(b).digest('hex');

/** A bag folder: the payload, manifests of the given algorithms, optional tag manifests and extra tag files. */
export function bagFolder(
  dir: string,
  options: { algorithms?: string[]; tagAlgorithms?: string[]; eol?: string; extraTags?: Record<string, string> } = {},
): string {
  const payload: Record<string, string> = {
    'data/a.txt': 'alpha\n',
    'data/sub/b.csv': 'x,y\n1,2\n',
    'data/ro-crate-metadata.json': crate('Folder bag'),
  };
  const eol = options.eol ?? '\n';
  const files: Record<string, string> = {
    'bagit.txt': 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
    'bag-info.txt': `Payload-Oxum: ${Object.values(payload).reduce((n, c) => n + Buffer.byteLength(c), 0)}.${Object.keys(payload).length}\n`,
    ...payload,
    ...(options.extraTags ?? {}),
  };
  for (const alg of options.algorithms ?? ['sha256']) {
    files[`manifest-${alg}.txt`] = Object.entries(payload)
      .map(([p, c]) => `${hex(alg, c)}  ${p}${eol}`)
      .join('');
  }
  const tagged = Object.keys(files).filter((n) => !n.startsWith('data/'));
  for (const alg of options.tagAlgorithms ?? []) {
    files[`tagmanifest-${alg}.txt`] = tagged.map((n) => `${hex(alg, files[n]!)} ${n}${eol}`).join('');
  }
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

function crate(name: string): string {
  return JSON.stringify({
    '@context': 'https://w3id.org/ro/crate/1.1/context',
    '@graph': [
      {
        '@id': 'ro-crate-metadata.json',
        '@type': 'CreativeWork',
        about: { '@id': './' },
        conformsTo: { '@id': 'https://w3id.org/ro/crate/1.1' },
      },
      { '@id': './', '@type': 'Dataset', name, datePublished: '2026-01-01' },
    ],
  });
}
