import type { BundleDetail } from '../../common/schemas/bundle';
import type { ListedBundle, RunColumns } from '../../common/schemas/run-table';
import type { ParsedRequestOf } from '../../common/contract';
import { CodedError } from '../../common/result';
import type { ReadApi } from '../store/store';
import { decidedStates } from '../dashboard/replication-states';
import { bundleMetadata, bundleVerification, digestsWithPrefix } from '../store/repos/bundles-repo';
import { bundleSummary, listBundleSummaries, runColumnNames, type StoredBundleSummary } from '../store/repos/bundle-list-repo';
import { allAuthorshipFacts } from '../governance/authorship-store';
import { authorshipKeys } from '../governance/signature-trust';
import { metadataRefusals } from '../bundle/crate/metadata-refusal';
import { authorshipReport } from '../governance/authorship-report';
import type { TrustedKey } from '../governance/team-file';
import type { AuthorshipFacts } from '../governance/authorship';

export type ListRequest = ParsedRequestOf<'bundles:list'>;

export function listBundles(db: ReadApi, request: ListRequest): { total: number; bundles: ListedBundle[] } {
  const { total, bundles } = listBundleSummaries(db, request, decidedStates(db));
  const keys = authorshipKeys(db);
  const facts = allAuthorshipFacts(db, bundles.map((b) => b.bundleDigest));
  return { total, bundles: bundles.map((b) => withAuthorship(b, facts.get(b.bundleDigest) ?? null, keys)) };
}

/** The metric and parameter columns the run table offers. */
export function runColumns(db: ReadApi): RunColumns {
  return runColumnNames(db);
}

/** A stored bundle as its page shows it: summary, verification, metadata, who signed it and why it was refused. */
export function getBundle(db: ReadApi, digest: string): BundleDetail {
  const overview = bundleOverview(db, digest);
  const verification = bundleVerification(db, digest);
  if (!verification) throw notFound(digest);
  return { summary: overview.summary, verification, metadata: overview.metadata, authorship: overview.authorship, refusals: overview.refusals };
}

/** getBundle without the verification report (the replication report does not show it). */
export function bundleOverview(db: ReadApi, digest: string): Omit<BundleDetail, 'verification'> {
  const summary = bundleSummary(db, digest);
  const metadata = bundleMetadata(db, digest);
  if (!summary || !metadata) throw notFound(digest);
  const keys = authorshipKeys(db);
  const facts = allAuthorshipFacts(db, [digest]).get(digest) ?? null;
  return {
    summary: withAuthorship(summary, facts, keys),
    metadata,
    authorship: authorshipReport(facts, keys, metadata.author),
    refusals: summary.status === 'refused-metadata' ? metadataRefusals(metadata.problems) : [],
  };
}

const notFound = (digest: string) => new CodedError('not-found', `no bundle with digest ${digest} in this store`);

/** Finds a stored bundle by a digest prefix (at least 8 hex characters), as users type them from the UI. */
export function resolveDigest(db: ReadApi, prefix: string): string | null {
  if (!/^[0-9a-f]{8,64}$/.test(prefix)) return null;
  const digests = digestsWithPrefix(db, prefix, 2);
  if (digests.length > 1) throw new CodedError('conflict', `digest prefix ${prefix} names more than one bundle; give more characters`);
  return digests[0] ?? null;
}

function withAuthorship(summary: StoredBundleSummary, facts: AuthorshipFacts | null, keys: TrustedKey[]): ListedBundle {
  const authorship = authorshipReport(facts, keys);
  return { ...summary, authorship: { status: authorship.status, signer: authorship.signer, claimed: authorship.claimed } };
}
