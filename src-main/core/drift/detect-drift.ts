import type { BundleMetadata } from '../../common/schemas/bundle';
import type { DriftAlert } from '../../common/schemas/compare';
import type { ReadApi, Tx } from '../store/store-api';
import { appendAudit } from '../audit/audit-log';
import { dataItems, originOf, pipelineCounterpart } from '../compare/data-match';
import { indexBundleLineage } from './lineage-index';
import { driftAlerts, insertDriftAlerts, latestOriginHolder, previousOfPipeline } from '../store/repos/drift-repo';
import { dataDrift, pipelineDrift, revalidateSuggestion, type DriftFinding } from './find-drift';

/**
 * Runs inside the import transaction, after the bundle row: compares the new bundle with what the store
 * holds, stores an alert per change with one audit entry for them all, then indexes the bundle for later
 * imports. Each data set is compared with its latest earlier holder only: A→B→B alerts once, not twice.
 * A data set is the same one by its declared origin (URL or identifier), else by its place in the same pipeline
 * (the same path, else the same name, in the previous bundle of that pipeline, unless the two declare other
 * origins); never by file name across pipelines.
 */
export function detectDrift(tx: Tx, digest: string, meta: BundleMetadata, actor: string): DriftAlert[] {
  const found: { earlier: string; finding: DriftFinding }[] = [];
  const pipeline = meta.pipeline?.name || null;
  const previous = pipeline ? previousOfPipeline(tx, pipeline, digest) : null;
  const previousData = previous ? dataItems(previous.facts) : [];
  for (const item of dataItems(meta)) {
    if (!item.sha256) continue;
    const origin = originOf(item);
    const holder = origin ? latestOriginHolder(tx, digest, origin) : null;
    if (origin && holder) {
      if (holder.sha256 && holder.sha256 !== item.sha256)
        found.push({
          earlier: holder.digest,
          finding: dataDrift(item.name, holder.sha256, item.sha256, holder.bundle, { by: 'origin', origin }),
        });
      continue;
    }
    if (!previous || !pipeline) continue;
    // The same path, else the same name, in the previous bundle of the pipeline, unless it declares another origin.
    const same = pipelineCounterpart(item, previousData)?.item;
    if (same?.sha256 && same.sha256 !== item.sha256) {
      found.push({
        earlier: previous.digest,
        finding: dataDrift(item.name, same.sha256, item.sha256, previous.name, { by: 'pipeline', pipeline }),
      });
    }
  }
  if (previous) {
    for (const finding of pipelineDrift(previous.facts, meta)) found.push({ earlier: previous.digest, finding });
  }
  indexBundleLineage(tx, digest, meta);
  if (found.length === 0) return [];
  const entry = appendAudit(tx, {
    actor,
    action: 'drift.detected',
    subject: digest,
    details: {
      alerts: found.slice(0, 100).map(({ earlier, finding }) => ({ ...finding, earlier })),
      suggestion: revalidateSuggestion,
    },
  });
  insertDriftAlerts(
    tx,
    digest,
    found.map(({ earlier, finding }) => ({ earlier, ...finding })),
    revalidateSuggestion,
    entry.seq,
  );
  return listDriftAlerts(tx, { digest });
}

/** Alerts raised for one bundle (or all), data drift first, then newest first. */
export function listDriftAlerts(db: ReadApi, request: { digest?: string; limit?: number } = {}): DriftAlert[] {
  return driftAlerts(db, { digest: request.digest, limit: request.limit ?? 500 }).sort(
    (x, y) => Number(y.kind === 'data') - Number(x.kind === 'data') || y.id - x.id,
  );
}
