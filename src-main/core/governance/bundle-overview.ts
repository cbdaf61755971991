import type { BundleDetail } from '../../common/schemas/bundle';
import type { ListedBundle } from '../../common/schemas/run-table';
import { CodedError } from '../../common/result';
import { metadataRefusals } from '../bundle/crate/metadata-refusal';
import type { ReadApi } from '../store/store';
import { bundleMetadata } from '../store/repos/bundles-repo';
import { bundleSummary, type StoredBundleSummary } from '../store/repos/bundle-list-repo';
import type { AuthorshipFacts } from './authorship';
import { authorshipReport } from './authorship-report';
import { allAuthorshipFacts } from './authorship-store';
import { authorshipKeys } from './signature-trust';
import type { TrustedKey } from './team-file';

/**
 * A stored bundle as the bundle page and the replication report show it, without the verification report: its
 * summary, metadata, who signed it (judged against the team's keys now) and why it was refused.
 */
export function bundleOverview(db: ReadApi, digest: string): Omit<BundleDetail, 'verification'> {
  const summary = bundleSummary(db, digest);
  const metadata = bundleMetadata(db, digest);
  if (!summary || !metadata) throw new CodedError('not-found', `no bundle with digest ${digest} in this store`);
  const keys = authorshipKeys(db);
  const facts = allAuthorshipFacts(db, [digest]).get(digest) ?? null;
  return {
    summary: withAuthorship(summary, facts, keys),
    metadata,
    authorship: authorshipReport(facts, keys, metadata.author),
    refusals: summary.status === 'refused-metadata' ? metadataRefusals(metadata.problems) : [],
  };
}

/** A summary row with who signed the bundle: the signer as verified now, never the metadata's author. */
export function withAuthorship(
  summary: StoredBundleSummary,
  facts: AuthorshipFacts | null,
  keys: TrustedKey[],
): ListedBundle {
  const authorship = authorshipReport(facts, keys);
  return {
    ...summary,
    authorship: { status: authorship.status, signer: authorship.signer, claimed: authorship.claimed },
  };
}
