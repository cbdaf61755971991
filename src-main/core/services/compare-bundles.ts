import type { BundleMetadata } from '../../common/schemas/bundle';
import type { CompareReport } from '../../common/schemas/compare';
import { diffBundles, type CompareSide } from '../compare/diff-bundles';
import { evaluateBundleLicenses } from '../licenses/evaluate-bundle';
import type { LicensePolicy } from '../licenses/policy';
import { readPolicy } from '../governance/policy-store';
import type { ReadApi } from '../store/store';
import { CodedError } from '../../common/result';
import { bundleExists, bundleMetadata } from '../store/repos/bundles-repo';
import { latestReplayedMetrics as latestMetrics } from '../store/repos/replays-repo';

/** The store's current license policy (the shipped default in a store that has none). */
export function currentPolicy(db: ReadApi): LicensePolicy {
  return readPolicy(db).policy;
}

/** Metric values of the bundle's latest replay that ran (a failed replay replayed nothing); null when none. */
export function latestReplayedMetrics(db: ReadApi, digest: string): Record<string, number | null> | null {
  const metrics = latestMetrics(db, digest);
  return metrics && Object.fromEntries(metrics.map((m) => [m.name, m.replayed]));
}

/** A side of a comparison: the metadata, its latest replay when stored, and licenses under one policy. */
export function compareSide(
  db: ReadApi | null,
  metadata: BundleMetadata,
  digest: string | null,
  policy: LicensePolicy,
): CompareSide {
  const stored = db && digest && bundleExists(db, digest);
  const licenses = evaluateBundleLicenses(metadata, policy).artifacts.map((a) => ({
    path: a.path,
    expression: a.expression,
    status: a.status,
  }));
  return { metadata, replayed: stored && db ? latestReplayedMetrics(db, digest) : null, licenses };
}

/** `compare:bundles`: two stored bundles side by side. Unknown digest: CodedError('not-found'). */
export function compareStoredBundles(db: ReadApi, a: string, b: string, all = false): CompareReport {
  const policy = currentPolicy(db);
  const left = storedMetadata(db, a);
  const right = storedMetadata(db, b);
  return {
    bundles: { a, b },
    names: { a: left.name, b: right.name },
    ...diffBundles(compareSide(db, left, a, policy), compareSide(db, right, b, policy), { all }),
  };
}

function storedMetadata(db: ReadApi, digest: string): BundleMetadata {
  const metadata = bundleMetadata(db, digest);
  if (!metadata) throw new CodedError('not-found', `no bundle with digest ${digest} in this store`);
  return metadata;
}
