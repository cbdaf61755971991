import { z } from 'zod';
import { bundleMetadataSchema } from '../../../common/schemas/bundle';
import { driftAlertSchema, type DriftAlert } from '../../../common/schemas/compare';
import type { ReadApi, Tx } from '../store-api';

/**
 * Drift: what import compares a new bundle against (each stored bundle's data sets in `bundle_datasets`, its
 * pipeline in `bundle_pipelines`) and the alerts raised (`drift_alerts`).
 */

/** One bundle's lineage rows: its data sets (name, origin, digest) and its pipeline's name. */
export function insertLineage(
  tx: Tx,
  digest: string,
  datasets: readonly { name: string; url: string | null; sha256: string | null }[],
  pipeline: string | null,
): void {
  for (const d of datasets)
    tx.run('INSERT INTO bundle_datasets (digest, name, url, sha256) VALUES (?, ?, ?, ?)', [
      digest,
      d.name,
      d.url,
      d.sha256,
    ]);
  if (pipeline) tx.run('INSERT OR REPLACE INTO bundle_pipelines (digest, pipeline) VALUES (?, ?)', [digest, pipeline]);
}

const holderSchema = z.object({ digest: z.string(), sha256: z.string().nullable(), bundle: z.string() });

/**
 * The latest other bundle holding a data set of this declared origin (the `url` column holds a data set's URL, else
 * its identifier): its digest, its digest of the data and its name. Names are not looked up: a file name is no origin.
 */
export function latestOriginHolder(
  db: ReadApi,
  exceptDigest: string,
  origin: string,
): z.infer<typeof holderSchema> | null {
  const row = db.get(
    `SELECT d.digest, d.sha256, b.name AS bundle FROM bundle_datasets d JOIN bundles b ON b.digest = d.digest
     WHERE d.digest != ? AND d.url = ? ORDER BY d.rowid DESC LIMIT 1`,
    [exceptDigest, origin],
  );
  return row ? holderSchema.parse(row) : null;
}

// Drift compares modules, environment and data: the rest of the earlier bundle's metadata is not parsed.
const pipelineFactsSchema = bundleMetadataSchema.pick({
  modules: true,
  environment: true,
  datasets: true,
  files: true,
});
type PipelineFacts = z.infer<typeof pipelineFactsSchema>;

/** The latest other bundle of the same pipeline, with its name, modules, environment and data; null when none. */
export function previousOfPipeline(
  db: ReadApi,
  pipeline: string,
  exceptDigest: string,
): { digest: string; name: string; facts: PipelineFacts } | null {
  const row = db.get<{ digest: string; name: string; metadata_json: string }>(
    'SELECT p.digest, b.name, b.metadata_json FROM bundle_pipelines p JOIN bundles b ON b.digest = p.digest WHERE p.pipeline = ? AND p.digest != ? ORDER BY p.rowid DESC LIMIT 1',
    [pipeline, exceptDigest],
  );
  return row
    ? {
        digest: row.digest,
        name: z.string().parse(row.name),
        facts: pipelineFactsSchema.parse(JSON.parse(row.metadata_json)),
      }
    : null;
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
export function insertDriftAlerts(
  tx: Tx,
  digest: string,
  alerts: readonly NewDriftAlert[],
  suggestion: string,
  auditSeq: number,
): void {
  const createdAt = tx.now().toISOString();
  for (const a of alerts) {
    tx.run(
      `INSERT INTO drift_alerts (digest, earlier_digest, kind, subject, before, after, message, suggestion, created_at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [digest, a.earlier, a.kind, a.subject, a.before, a.after, a.message, suggestion, createdAt, auditSeq],
    );
  }
}

interface AlertRow {
  earlier_name: string | null;
  dismiss_reason: string | null;
  dismiss_actor: string | null;
  dismissed_at: string | null;
  dismiss_seq: number | null;
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

/** Alerts of one bundle, one alert, or all, newest first, at most `limit`; `open` leaves dismissed ones out. */
export function driftAlerts(
  db: ReadApi,
  q: { digest?: string; id?: number; open?: boolean; limit: number },
): DriftAlert[] {
  const where = [
    q.digest ? 'a.digest = ?' : null,
    q.id !== undefined ? 'a.id = ?' : null,
    q.open ? 'x.alert_id IS NULL' : null,
  ].filter((w) => w !== null);
  const rows = db.all<AlertRow>(
    `SELECT a.id, a.digest, a.earlier_digest, a.kind, a.subject, a.before, a.after, a.message, a.suggestion, a.created_at, e.name AS earlier_name,
       x.reason AS dismiss_reason, x.actor AS dismiss_actor, x.dismissed_at, x.audit_seq AS dismiss_seq
     FROM drift_alerts a LEFT JOIN bundles e ON e.digest = a.earlier_digest LEFT JOIN drift_dismissals x ON x.alert_id = a.id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT ?`,
    [...(q.digest ? [q.digest] : []), ...(q.id !== undefined ? [q.id] : []), q.limit],
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
      earlierName: r.earlier_name,
      dismissed:
        r.dismiss_reason !== null
          ? { reason: r.dismiss_reason, actor: r.dismiss_actor, at: r.dismissed_at, auditSeq: r.dismiss_seq }
          : null,
    }),
  );
}

export function countDriftAlerts(db: ReadApi): number {
  return db.get<{ n: number }>('SELECT COUNT(*) AS n FROM drift_alerts')?.n ?? 0;
}

/** One alert closed by a person, with the reason and the audit entry that records it. */
export function insertDriftDismissal(tx: Tx, alertId: number, reason: string, actor: string, auditSeq: number): void {
  tx.run('INSERT INTO drift_dismissals (alert_id, reason, actor, dismissed_at, audit_seq) VALUES (?, ?, ?, ?, ?)', [
    alertId,
    reason,
    actor,
    tx.now().toISOString(),
    auditSeq,
  ]);
}

/** Alerts a person dismissed. */
export function dismissedDriftAlertIds(db: ReadApi): Set<number> {
  return new Set(
    db.all<{ id: number }>('SELECT alert_id AS id FROM drift_dismissals').map((r) => z.number().int().parse(r.id)),
  );
}

/** Alerts whose bundle was replayed after they were raised (the revalidation they ask for). */
export function revalidatedDriftAlertIds(db: ReadApi): Set<number> {
  return new Set(
    db
      .all<{ id: number }>(
        'SELECT a.id FROM drift_alerts a WHERE EXISTS (SELECT 1 FROM replays r WHERE r.digest = a.digest AND r.started_at >= a.created_at)',
      )
      .map((r) => z.number().int().parse(r.id)),
  );
}
