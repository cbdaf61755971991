import type { BundleMetadata } from '../../common/schemas/bundle';
import type { CompareReport } from '../../common/schemas/compare';
import { z } from 'zod';
import { metricJudgementSchema } from '../../common/schemas/replay';
import { diffBundles, type CompareSide } from '../compare/diff-bundles';
import { evaluateBundleLicenses } from '../licenses/evaluate-bundle';
import { defaultLicensePolicy, type LicensePolicy } from '../licenses/policy';
import { readPolicy } from '../governance/policy-store';
import { hasTable } from '../store/has-table';
import type { ReadApi } from '../store/store';
import { getBundle } from './bundle-queries';


/** The store's current license policy (the shipped default in a store that has none, or predates policies). */
export function currentPolicy(db: ReadApi): LicensePolicy {
  return hasTable(db, 'license_policies') ? readPolicy(db).policy : defaultLicensePolicy;
}

// Only the metrics are read: the rest of a stored outcome may come from an older or newer build.
const replayedMetricsSchema = z.object({ metrics: z.array(metricJudgementSchema) });

/** Metric values of the bundle's latest replay that ran (a failed replay replayed nothing); null when none. */
export function latestReplayedMetrics(db: ReadApi, digest: string): Record<string, number | null> | null {
  if (!hasTable(db, 'replays')) return null;
  const row = db.get<{ outcome_json: string }>("SELECT outcome_json FROM replays WHERE digest = ? AND verdict != 'failed' ORDER BY started_at DESC, rowid DESC LIMIT 1", [digest]);
  if (!row) return null;
  const outcome = replayedMetricsSchema.parse(JSON.parse(row.outcome_json));
  return Object.fromEntries(outcome.metrics.map((m) => [m.name, m.replayed]));
}

/** A side of a comparison: the metadata, its latest replay when stored, and licenses under one policy. */
export function compareSide(db: ReadApi | null, metadata: BundleMetadata, digest: string | null, policy: LicensePolicy): CompareSide {
  const stored = db && digest && db.get('SELECT 1 AS x FROM bundles WHERE digest = ?', [digest]);
  const licenses = evaluateBundleLicenses(metadata, policy).artifacts.map((a) => ({ path: a.path, expression: a.expression, status: a.status }));
  return { metadata, replayed: stored && db ? latestReplayedMetrics(db, digest) : null, licenses };
}

/** `compare:bundles`: two stored bundles side by side. Unknown digest: CodedError('not-found'). */
export function compareStoredBundles(db: ReadApi, a: string, b: string, all = false): CompareReport {
  const policy = currentPolicy(db);
  const left = getBundle(db, a).metadata;
  const right = getBundle(db, b).metadata;
  return {
    bundles: { a, b },
    names: { a: left.name, b: right.name },
    ...diffBundles(compareSide(db, left, a, policy), compareSide(db, right, b, policy), { all }),
  };
}
