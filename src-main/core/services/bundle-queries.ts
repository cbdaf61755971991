import type { BundleDetail } from '../../common/schemas/bundle';
import type { ListedBundle, RunColumns } from '../../common/schemas/run-table';
import type { ParsedRequestOf } from '../../common/contract';
import { CodedError } from '../../common/result';
import type { ReadApi, Store } from '../store/store';
import { decidedStates } from '../governance/replication-states';
import { bundleVerification, digestsWithPrefix } from '../store/repos/bundles-repo';
import { listBundleSummaries, runColumnNames } from '../store/repos/bundle-list-repo';
import { allAuthorshipFacts } from '../governance/authorship-store';
import { authorshipKeys } from '../governance/signature-trust';
import { bundleOverview, withAuthorship } from '../governance/bundle-overview';

export type ListRequest = ParsedRequestOf<'bundles:list'>;

export function listBundles(db: ReadApi, request: ListRequest): { total: number; bundles: ListedBundle[] } {
  const { total, bundles } = listBundleSummaries(db, request, decidedStates(db));
  const keys = authorshipKeys(db);
  const facts = allAuthorshipFacts(
    db,
    bundles.map((b) => b.bundleDigest),
  );
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
  return {
    summary: overview.summary,
    verification,
    metadata: overview.metadata,
    authorship: overview.authorship,
    refusals: overview.refusals,
  };
}

const notFound = (digest: string) => new CodedError('not-found', `no bundle with digest ${digest} in this store`);

/** Finds a stored bundle by a digest prefix (at least 8 hex characters), as users type them from the UI. */
export function resolveDigest(db: ReadApi, prefix: string): string | null {
  if (!/^[0-9a-f]{8,64}$/.test(prefix)) return null;
  const digests = digestsWithPrefix(db, prefix, 2);
  if (digests.length > 1)
    throw new CodedError('conflict', `digest prefix ${prefix} names more than one bundle; give more characters`, {
      input: true,
    });
  return digests[0] ?? null;
}

/**
 * A stored bundle named on a command line: its digest or a unique prefix (8+ hex characters, any case); none is the
 * user's to fix.
 */
export function requireDigest(store: Pick<Store, 'dir'> & ReadApi, given: string): string {
  const digest = /^[0-9a-f]{8,64}$/i.test(given) ? resolveDigest(store, given.toLowerCase()) : null;
  if (!digest)
    throw new CodedError('not-found', `no bundle with digest ${given} in the store at ${store.dir}`, { input: true });
  return digest;
}
