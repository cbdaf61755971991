import type { Problem } from '../../common/problem';
import { CodedError } from '../../common/result';
import type { AuthorshipReport } from '../../common/schemas/authorship';
import { UNSIGNED_AUTHORSHIP } from '../../common/schemas/authorship';
import type { BundleMetadata, VerifyReport } from '../../common/schemas/bundle';
import { metadataRefusals } from '../bundle/crate/metadata-refusal';
import { unreadableMetadata } from '../bundle/crate/read-metadata';
import { AUTHORSHIP_TAG_FILE } from '../bundle/authorship-file';
import type { AuthorshipFacts } from '../governance/authorship';
import { authorshipReport } from '../governance/authorship-report';
import type { TrustedKey } from '../governance/team-file';
import { verifyBundle, type VerifiedBundle, type VerifyOptions } from '../bundle/verify-bundle';
import { bundleDigestOfFiles } from '../integrity/bundle-digest';
import { readVerifiedMetadata } from './verified-metadata';

/**
 * One check of a bundle for `verify`, `inspect` and `import`: BagIt structure and fixity, then metadata
 * well-formedness (a refused crate makes the bundle invalid), then who signed it under `keys`.
 */
export interface CheckedBundle {
  verified: VerifiedBundle;
  digest: string | null; // the bundle digest: the sha256 manifest's, or computed from the payload for a weak bag
  /** The bag's report with metadata refusals and a false signature folded in (`valid` false when there is one). */
  report: VerifyReport;
  metadata: BundleMetadata | null; // null when the container was refused (nothing of it is read)
  refusals: Problem[]; // the metadata problems that refuse it (kept, never approvable, when imported)
  authorshipFacts: AuthorshipFacts | null;
  authorship: AuthorshipReport;
}

export interface CheckOptions extends VerifyOptions {
  // The team's keys (or the local identity's) the signature is judged against; a function is called only for a
  // bundle that carries a signature, so an unsigned bundle never waits for a store to open.
  keys: TrustedKey[] | (() => Promise<TrustedKey[]>);
}

/** Call `checked.verified.cleanup()` when done (import keeps the staged files until then). */
export async function checkBundle(source: string, options: CheckOptions): Promise<CheckedBundle> {
  const verified = await verifyBundle(source, options);
  try {
    return await checkVerified(verified, options.keys);
  } catch (e) {
    await verified.cleanup();
    throw e;
  }
}

async function checkVerified(verified: VerifiedBundle, keysOf: CheckOptions['keys']): Promise<CheckedBundle> {
  const bag = verified.report;
  // A bag with only md5/sha1 manifests has no sha256 manifest to take the digest from: it is computed from the
  // SHA-256 of every payload file (always hashed), as the manifest's normal form would give it.
  const digest = bag.bundleDigest ?? (bag.valid ? bundleDigestOfFiles(verified.payload) : null);
  // A refused container is not read further; an invalid bag still gets its metadata read, for `inspect`.
  if (verified.refused)
    return {
      verified,
      digest: null,
      report: bag,
      metadata: null,
      refusals: [],
      authorshipFacts: null,
      authorship: UNSIGNED_AUTHORSHIP,
    };
  let metadata: BundleMetadata;
  try {
    metadata = await readVerifiedMetadata(verified);
  } catch (error) {
    if (!(error instanceof CodedError) || error.code !== 'refused') throw error;
    const file = typeof error.details?.path === 'string' ? error.details.path : undefined;
    // A file swapped since it was hashed is an integrity failure of the bag, not of its metadata.
    if (error.details?.reason === 'changed') {
      const problem: Problem = { code: 'file-changed', message: error.message, ...(file ? { path: file } : {}) };
      return {
        verified,
        digest,
        report: { ...bag, valid: false, problems: [...bag.problems, problem] },
        metadata: null,
        refusals: [],
        authorshipFacts: null,
        authorship: UNSIGNED_AUTHORSHIP,
      };
    }
    metadata = unreadableMetadata(
      { code: 'metadata-unreadable', message: error.message, ...(file ? { path: file } : {}) },
      bag.weak,
    );
  }
  const refusals = metadataRefusals(metadata.problems);
  const envelope = verified.tagFiles[AUTHORSHIP_TAG_FILE];
  const keys = !envelope ? [] : typeof keysOf === 'function' ? await keysOf() : keysOf;
  const files = verified.payload.map((f) => ({ path: f.path, sha256: f.sha256 }));
  // The signature's reader (zod schemas, DSSE, Ed25519) is loaded only for a bundle that carries one (issue 16).
  const authorshipFacts =
    envelope && digest
      ? (await import('../governance/authorship')).readAuthorship(envelope, { digest, files }, keys)
      : null;
  const authorship = authorshipReport(authorshipFacts, keys, metadata.author);
  const falseSignature = authorship.status === 'invalid' ? authorship.problems : [];
  const problems = [...bag.problems, ...refusals, ...falseSignature];
  return {
    verified,
    digest,
    report: { ...bag, valid: bag.valid && refusals.length === 0 && falseSignature.length === 0, problems },
    metadata,
    refusals,
    authorshipFacts,
    authorship,
  };
}

/**
 * The keys a bundle's authorship is judged against where no store is needed (`verify`, `inspect`): the team of the
 * store in `storeDir` (or its identity), read-only so a running app keeps its lock; none when there is no store or it
 * cannot be read, so a signature shows as made with an unknown key rather than being trusted on its word.
 */
export async function trustedKeysAt(storeDir: string): Promise<TrustedKey[]> {
  // The store (sql.js) and the team's modules are loaded only when a signature is to be judged (issue 16): verify and
  // inspect call this for a signed bundle alone.
  const [{ peekStore }, { authorshipKeys }] = await Promise.all([
    import('./store-session'),
    import('../governance/signature-trust'),
  ]);
  const found = await peekStore(storeDir, (store) => authorshipKeys(store));
  return found.ok ? found.value : [];
}
