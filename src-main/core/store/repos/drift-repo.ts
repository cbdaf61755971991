import { z } from 'zod';
import { bundleMetadataSchema } from '../../../common/schemas/bundle';
import { driftAlertSchema, type DriftAlert } from '../../../common/schemas/compare';
import type { ReadApi, Tx } from '../store-api';

/**
 * Drift: what import compares a new bundle against (each stored bundle's data sets in `bundle_datasets`, its
 * pipeline in `bundle_pipelines`) and the alerts raised (`drift_alerts`).
 */

/** One bundle's lineage rows: its data sets (name, origin, digest) and its pipeline's name. */
export function insertLineage(tx: Tx, digest: string, datasets: readonly { name: string; url: string | null; sha256: string | null }[], pipeline: string | null): void {
  for (const d of datasets) tx.run('INSERT INTO bundle_datasets (digest, name, url, sha256) VALUES (?, ?, ?, ?)', [digest, d.name, d.url, d.sha256]);
  if (pipeline) tx.run('INSERT OR REPLACE INTO bundle_pipelines (digest, pipeline) VALUES (?, ?)', [digest, pipeline]);
}

const holderSchema = z.object({ digest: z.string(), sha256: z.string().nullable(), bundle: z.string() });

/** The latest other bundle holding a data set of this name or origin: its digest, its digest of the data and its name. */
export function latestDataHolder(db: ReadApi, exceptDigest: string, name: string, url: string | null): z.infer<typeof holderSchema> | null {
  const row = db.get(
    `SELECT d.digest, d.sha256, b.name AS bundle FROM bundle_datasets d JOIN bundles b ON b.digest = d.digest
     WHERE d.digest != ? AND (d.name = ? OR (d.url IS NOT NULL AND d.url = ?)) ORDER BY d.rowid DESC LIMIT 1`,
    [exceptDigest, name, url],
  );
  return row ? holderSchema.parse(row) : null;
}

// Drift compares module and environment values only: the rest of the earlier bundle's metadata is not parsed.
const pipelineFactsSchema = bundleMetadataSchema.pick({ modules: true, environment: true });
type PipelineFacts = z.infer<typeof pipelineFactsSchema>;

/** The latest other bundle of the same pipeline, with its modules and environment; null when none. */
export function previousOfPipeline(db: ReadApi, pipeline: string, exceptDigest: string): { digest: string; facts: PipelineFacts } | null {
  const row = db.get<{ digest: string; metadata_json: string }>(
    'SELECT p.digest, b.metadata_json FROM bundle_pipelines p JOIN bundles b ON b.digest = p.digest WHERE p.pipeline = ? AND p.digest != ? ORDER BY p.rowid DESC LIMIT 1',
    [pipeline, exceptDigest],
  );
  return row ? { digest: row.digest, facts: pipelineFactsSchema.parse(JSON.parse(row.metadata_json)) } : null;
}

export interface NewDriftAlert {
  earlier: string;
  kind: DriftAlert['kind'];
  subject: string;
  before: string | null;
  after: string | null;
  message: string;
}

/** The alerts raised by one import, created now by the transaction's clock, all under one audit entry. */
export function insertDriftAlerts(tx: Tx, digest: string, alerts: readonly NewDriftAlert[], suggestion: string, auditSeq: number): void {
  const createdAt = tx.now().toISOString();
  for (const a of alerts) {
    tx.run(
      `INSERT INTO drift_alerts (digest, earlier_digest, kind, subject, before, after, message, suggestion, created_at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [digest, a.earlier, a.kind, a.subject, a.before, a.after, a.message, suggestion, createdAt, auditSeq],
    );
  }
}

interface AlertRow {
  id: number;
  digest: string;
  earlier_digest: string;
  kind: string;
  subject: string;
  before: string | null;
  after: string | null;
  message: string;
  suggestion: string;
  created_at: string;
}

/** Alerts of one bundle or of all, newest first, at most `limit`. */
export function driftAlerts(db: ReadApi, q: { digest?: string; limit: number }): DriftAlert[] {
  const where = q.digest ? 'WHERE digest = ?' : '';
  const rows = db.all<AlertRow>(
    `SELECT id, digest, earlier_digest, kind, subject, before, after, message, suggestion, created_at FROM drift_alerts ${where} ORDER BY id DESC LIMIT ?`,
    [...(q.digest ? [q.digest] : []), q.limit],
  );
  return rows.map((r) =>
    driftAlertSchema.parse({
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
    }),
  );
}

export function countDriftAlerts(db: ReadApi): number {
  return db.get<{ n: number }>('SELECT COUNT(*) AS n FROM drift_alerts')?.n ?? 0;
}

/** Alerts whose bundle was replayed after they were raised (the revalidation they ask for). */
export function revalidatedDriftAlertIds(db: ReadApi): Set<number> {
  return new Set(db.all<{ id: number }>('SELECT a.id FROM drift_alerts a WHERE EXISTS (SELECT 1 FROM replays r WHERE r.digest = a.digest AND r.started_at >= a.created_at)').map((r) => z.number().int().parse(r.id)));
}
