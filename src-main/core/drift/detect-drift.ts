import type { BundleMetadata } from '../../common/schemas/bundle';
import type { DriftAlert } from '../../common/schemas/compare';
import type { ReadApi, Tx } from '../store/store-api';
import { appendAudit } from '../audit/audit-log';
import { dataItems } from '../compare/diff-bundles';
import { indexBundleLineage } from './lineage-index';
import { hasTable } from '../store/has-table';
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
    const earlier = tx.get<{ digest: string; sha256: string | null; bundle: string }>(
      `SELECT d.digest, d.sha256, b.name AS bundle FROM bundle_datasets d JOIN bundles b ON b.digest = d.digest
       WHERE d.digest != ? AND (d.name = ? OR (d.url IS NOT NULL AND d.url = ?)) ORDER BY d.rowid DESC LIMIT 1`,
      [digest, item.name, item.url],
    );
    if (earlier?.sha256 && earlier.sha256 !== item.sha256) found.push({ earlier: earlier.digest, finding: dataDrift(item.name, earlier.sha256, item.sha256, earlier.bundle) });
  }
  const pipeline = meta.pipeline?.name;
  if (pipeline) {
    const previous = tx.get<{ digest: string; metadata_json: string }>(
      `SELECT p.digest, b.metadata_json FROM bundle_pipelines p JOIN bundles b ON b.digest = p.digest WHERE p.pipeline = ? AND p.digest != ? ORDER BY p.rowid DESC LIMIT 1`,
      [pipeline, digest],
    );
    if (previous) {
      for (const finding of pipelineDrift(JSON.parse(previous.metadata_json) as BundleMetadata, meta)) found.push({ earlier: previous.digest, finding });
    }
  }
  indexBundleLineage(tx, digest, meta);
  if (found.length === 0) return [];
  const createdAt = tx.now().toISOString();
  const entry = appendAudit(tx, {
    actor,
    action: 'drift.detected',
    subject: digest,
    details: { alerts: found.slice(0, 100).map(({ earlier, finding }) => ({ ...finding, earlier })), suggestion: revalidateSuggestion },
  });
  for (const { earlier, finding } of found) {
    tx.run(
      `INSERT INTO drift_alerts (digest, earlier_digest, kind, subject, before, after, message, suggestion, created_at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [digest, earlier, finding.kind, finding.subject, finding.before, finding.after, finding.message, revalidateSuggestion, createdAt, entry.seq],
    );
  }
  return listDriftAlerts(tx, { digest });
}

interface AlertRow {
  id: number;
  digest: string;
  earlier_digest: string;
  kind: DriftAlert['kind'];
  subject: string;
  before: string | null;
  after: string | null;
  message: string;
  suggestion: string;
  created_at: string;
}

/** Alerts raised for one bundle (or all, newest first); empty in a store that predates drift detection. */
export function listDriftAlerts(db: ReadApi, request: { digest?: string; limit?: number } = {}): DriftAlert[] {
  if (!hasTable(db, 'drift_alerts')) return [];
  const where = request.digest ? 'WHERE digest = ?' : '';
  const rows = db.all<AlertRow>(`SELECT * FROM drift_alerts ${where} ORDER BY id DESC LIMIT ?`, [...(request.digest ? [request.digest] : []), request.limit ?? 500]);
  return rows
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      bundleDigest: r.digest,
      earlierDigest: r.earlier_digest,
      subject: r.subject,
      before: r.before,
      after: r.after,
      message: r.message,
      suggestion: r.suggestion,
      createdAt: r.created_at,
    }))
    .sort((x, y) => Number(y.kind === 'data') - Number(x.kind === 'data') || y.id - x.id);
}
