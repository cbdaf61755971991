import type { BundleMetadata } from '../../common/schemas/bundle';
import type { DriftAlert } from '../../common/schemas/compare';
import type { ReadApi, Tx } from '../store/store-api';
import { appendAudit } from '../audit/audit-log';
import { dataItems } from '../compare/diff-bundles';
import { indexBundleLineage } from './lineage-index';
import { driftAlerts, insertDriftAlerts, latestDataHolder, previousOfPipeline } from '../store/repos/drift-repo';
import { dataDrift, pipelineDrift, revalidateSuggestion, type DriftFinding } from './find-drift';

/**
 * Runs inside the import transaction, after the bundle row: compares the new bundle with what the store
 * holds, stores an alert per change with one audit entry for them all, then indexes the bundle for later
 * imports. Each data set is compared with its latest earlier holder only: A→B→B alerts once, not twice.
 */
export function detectDrift(tx: Tx, digest: string, meta: BundleMetadata, actor: string): DriftAlert[] {
  const found: { earlier: string; finding: DriftFinding }[] = [];
  for (const item of dataItems(meta)) {
    if (!item.sha256) continue;
    const earlier = latestDataHolder(tx, digest, item.name, item.url);
    if (earlier?.sha256 && earlier.sha256 !== item.sha256) found.push({ earlier: earlier.digest, finding: dataDrift(item.name, earlier.sha256, item.sha256, earlier.bundle) });
  }
  const pipeline = meta.pipeline?.name;
  if (pipeline) {
    const previous = previousOfPipeline(tx, pipeline, digest);
    if (previous) {
      for (const finding of pipelineDrift(previous.facts, meta)) found.push({ earlier: previous.digest, finding });
    }
  }
  indexBundleLineage(tx, digest, meta);
  if (found.length === 0) return [];
  const entry = appendAudit(tx, {
    actor,
    action: 'drift.detected',
    subject: digest,
    details: { alerts: found.slice(0, 100).map(({ earlier, finding }) => ({ ...finding, earlier })), suggestion: revalidateSuggestion },
  });
  insertDriftAlerts(tx, digest, found.map(({ earlier, finding }) => ({ earlier, ...finding })), revalidateSuggestion, entry.seq);
  return listDriftAlerts(tx, { digest });
}

/** Alerts raised for one bundle (or all), data drift first, then newest first. */
export function listDriftAlerts(db: ReadApi, request: { digest?: string; limit?: number } = {}): DriftAlert[] {
  return driftAlerts(db, { digest: request.digest, limit: request.limit ?? 500 }).sort((x, y) => Number(y.kind === 'data') - Number(x.kind === 'data') || y.id - x.id);
}
