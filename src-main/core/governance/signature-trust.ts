import type { AuthorshipReport } from '../../common/schemas/authorship';
import type { Identity } from '../../common/schemas/governance';
import { envelopesWithoutFacts } from '../store/repos/authorship-repo';
import type { ReadApi, Store } from '../store/store';
import { AUTHORSHIP_TAG_FILE } from './authorship';
import { authorshipReport } from './authorship-report';
import { allAuthorshipFacts, readStoredEnvelope, recordAuthorship } from './authorship-store';
import { readIdentity } from './local-identity';
import type { TrustedKey } from './team-file';
import { trustedKeys } from './team-store';

/** Bundle authorship judged by the store's trust: the team's keys, or the local identity's alone without a team. */

/** The keys authorship is judged against: the team's, or the local identity's alone without a team. */
export function authorshipKeys(db: ReadApi, local: Identity | null = readIdentity(db)): TrustedKey[] {
  return trustedKeys(db, local);
}

/** A stored bundle's authorship under the keys trusted now. */
export function storedAuthorship(
  db: ReadApi,
  digest: string,
  keys: TrustedKey[] = authorshipKeys(db),
  crateAuthor: { name: string | null; email: string | null } | null = null,
): AuthorshipReport {
  return authorshipReport(allAuthorshipFacts(db, [digest]).get(digest) ?? null, keys, crateAuthor);
}

/** Bundles stored before authorship was read (by an older version) that carry an envelope get their row. */
export function backfillAuthorship(store: Store): number {
  if (store.readOnly) return 0;
  if (envelopesWithoutFacts(store, AUTHORSHIP_TAG_FILE).length === 0) return 0;
  return store.transaction((tx) => {
    const keys = authorshipKeys(tx);
    const digests = envelopesWithoutFacts(tx, AUTHORSHIP_TAG_FILE);
    for (const digest of digests) {
      const facts = readStoredEnvelope(tx, digest, keys);
      if (facts) recordAuthorship(tx, digest, facts);
    }
    return digests.length;
  });
}
