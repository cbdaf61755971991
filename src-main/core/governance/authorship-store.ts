import {
  authorshipFacts,
  authorshipFactsOf,
  uncheckedSignedWith,
  upsertAuthorship,
} from '../store/repos/authorship-repo';
import { payloadFiles, tagFiles } from '../store/repos/bundles-repo';
import type { ReadApi, Tx } from '../store/store';
import { AUTHORSHIP_TAG_FILE, readAuthorship, type AuthorshipFacts } from './authorship';
import type { TrustedKey } from './team-file';

/**
 * What each stored bundle's authorship envelope proved, kept beside the bundle: the status is derived from it
 * and the keys trusted now, so a team change (a key added, revoked or removed) shows without a re-import.
 */

export function recordAuthorship(tx: Tx, digest: string, facts: AuthorshipFacts): void {
  upsertAuthorship(tx, digest, facts);
}

export function storedAuthorshipFacts(db: ReadApi, digest: string): AuthorshipFacts | null {
  return authorshipFacts(db, digest);
}

/** Every signed bundle's facts at once (the inbox, the dashboard and the bundle list read many). */
export function allAuthorshipFacts(db: ReadApi, digests?: string[]): Map<string, AuthorshipFacts> {
  return authorshipFactsOf(db, digests);
}

/**
 * Signatures whose key was unknown when they arrived are checked once the key is trusted (a team imported, an
 * identity made): call inside the transaction that changes the keys, with the keys trusted after the change. The
 * envelope is read from the stored tag file.
 */
export function refreshAuthorshipTrust(tx: Tx, keys: TrustedKey[]): number {
  const known = keys.filter((k) => k.publicKey).map((k) => k.keyId);
  if (known.length === 0) return 0;
  const digests = uncheckedSignedWith(tx, known);
  for (const digest of digests) {
    const facts = readStoredEnvelope(tx, digest, keys);
    if (facts) recordAuthorship(tx, digest, facts);
  }
  return digests.length;
}

/** Reads a stored bundle's authorship envelope again against `keys` (null when it has none). */
export function readStoredEnvelope(db: ReadApi, digest: string, keys: TrustedKey[]): AuthorshipFacts | null {
  const tag = tagFiles(db, digest).find((t) => t.path === AUTHORSHIP_TAG_FILE);
  if (!tag) return null;
  return readAuthorship(tag.content, { digest, files: payloadFiles(db, digest) }, keys);
}
