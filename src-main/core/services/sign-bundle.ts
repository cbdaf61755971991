import path from 'node:path';
import type { Problem } from '../../common/problem';
import { CodedError } from '../../common/result';
import { tagFilesWithAuthorship, type TagFiles } from '../bundle-writer/authorship-tag';
import { newOutput, streamFile, writeZipAtomically } from '../bundle-writer/zip-output';
import {
  AUTHORSHIP_TAG_FILE,
  readAuthorship,
  type AuthorshipPredicate,
  type SignedFile,
} from '../governance/authorship';
import { signBundleAuthorship, type AuthorshipSigner } from '../governance/sign-authorship';
import { verifyBundle, type VerifiedBundle } from '../bundle/verify-bundle';
import { readVerifiedMetadata } from './verified-metadata';

export interface SignOptions {
  signer: AuthorshipSigner;
  replace?: boolean; // replace a signature the bundle already carries
  now?: () => Date;
  stagingRoot?: string; // default: the output's folder (same disk as the copy; /tmp may be memory)
}

export interface SignedBundle {
  file: string;
  bundleDigest: string;
  signer: AuthorshipPredicate['signer'];
  signedAt: string;
  replaced: boolean;
  replacedSigner: AuthorshipPredicate['signer'] | null; // whom the replaced envelope claimed (not checked)
}

/**
 * Writes a signed copy of a bundle (ZIP or bag folder): verified first (a bundle that does not verify cannot be
 * signed), every payload file streamed from the verified copy, the tag files kept (those too large to hold streamed
 * from it too), the envelope added and the tag manifests rewritten. Same payload, so the same bundle digest. Refuses
 * an existing output, and a bundle already signed unless `replace`.
 */
export async function signBundle(source: string, output: string, options: SignOptions): Promise<SignedBundle> {
  const out = newOutput(output);
  // Staged: the bytes copied are the bytes hashed, whatever happens to the source meanwhile.
  const verified = await verifyBundle(source, { stage: true, stagingRoot: options.stagingRoot ?? path.dirname(out) });
  try {
    const digest = signableDigest(source, verified);
    const files: SignedFile[] = verified.payload.map((f) => ({ path: f.path, sha256: f.sha256 }));
    const tags: TagFiles = new Map(Object.entries(verified.tagFiles));
    const earlier = earlierSignature(tags, { digest, files }, options.replace === true, source);
    const name = await readVerifiedMetadata(verified).then(
      (m) => m.name,
      () => null,
    );
    const signed = signBundleAuthorship(options.signer, { digest, files, name }, (options.now ?? (() => new Date()))());
    const written = tagFilesWithAuthorship(tags, Buffer.from(signed.text, 'utf8'));
    await writeZipAtomically(
      out,
      async (zip) => {
        // bagit.txt first
        const order = [...written.keys()].sort((a, b) => Number(b === 'bagit.txt') - Number(a === 'bagit.txt'));
        for (const tagPath of order) zip.addBuffer(written.get(tagPath)!, tagPath, { compressionLevel: 1 });
        for (const f of [...verified.streamedTagFiles, ...verified.payload]) {
          const copied = await streamFile(zip, f.path, f.stagedPath!, 1, f.path);
          if (copied.sha256 !== f.sha256)
            throw new CodedError('io-error', `${f.path} changed after it was verified; nothing was written`, {
              path: f.path,
            });
        }
      },
      { exclusive: true },
    );
    return {
      file: out,
      bundleDigest: digest,
      signer: signed.signer,
      signedAt: signed.signedAt,
      replaced: earlier !== null,
      replacedSigner: earlier?.claimed ?? null,
    };
  } finally {
    await verified.cleanup();
  }
}

/** Only a valid bag with a sha256 manifest has a bundle digest to sign. */
function signableDigest(source: string, verified: VerifiedBundle): string {
  const { report } = verified;
  if (verified.refused || !report.valid) {
    const problems: Problem[] = report.problems.slice(0, 20);
    const first = problems
      .map((p) => p.message)
      .slice(0, 3)
      .join('; ');
    throw new CodedError(
      'refused',
      `${path.basename(source)} does not verify, so it cannot be signed (${report.problems.length} problem(s): ${first})`,
      { reason: 'invalid', problems },
    );
  }
  if (!report.bundleDigest) {
    const why = report.weak
      ? `its only manifests are ${report.algorithms.join(' and ')}`
      : 'it has no manifest-sha256.txt';
    throw new CodedError(
      'refused',
      `${path.basename(source)} has no bundle digest to sign: ${why}; re-bag it with SHA-256 manifests`,
      { reason: 'weak' },
    );
  }
  return report.bundleDigest;
}

/**
 * An earlier signature and whom it claims (unchecked: it is about to be replaced), or null when there is none.
 * Without `replace` it is a refusal naming that signer: a signature is replaced only on request.
 */
export function earlierSignature(
  tags: TagFiles,
  bundle: { digest: string; files: SignedFile[] },
  replace: boolean,
  label: string,
): { claimed: AuthorshipPredicate['signer'] | null } | null {
  const earlier = tags.get(AUTHORSHIP_TAG_FILE);
  if (!earlier) return null;
  const claimed = readAuthorship(earlier, bundle, []).claimed;
  const who = claimed
    ? `${claimed.name} <${claimed.email}> (key ${claimed.keyId.slice(0, 16)}, as its envelope claims)`
    : 'an envelope that cannot be read';
  if (!replace) {
    throw new CodedError('conflict', `${label} is already signed by ${who}; a signature is replaced only on request`, {
      reason: 'already-signed',
      signer: claimed,
      input: true,
    });
  }
  return { claimed };
}
