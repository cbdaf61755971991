import { z } from 'zod';
import {
  metricJudgementSchema,
  replayOutcomeSchema,
  replaySummarySchema,
  type MetricJudgementView,
  type ReplayRecord,
  type ReplaySummary,
} from '../../../common/schemas/replay';
import type { ReadApi, Tx } from '../store-api';

/** The `replays` table: each replay of a stored bundle, its summary in columns and its whole outcome as JSON. */

/** One replay as run; the caller writes its audit entry in the same transaction. */
export function insertReplay(tx: Tx, r: ReplayRecord): void {
  tx.run(
    `INSERT INTO replays (id, digest, started_at, finished_at, actor, verdict, reason, output_sha256, duration_ms, cpu_ms, peak_rss_bytes, batch_size, outcome_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      r.id,
      r.bundleDigest,
      r.startedAt,
      r.finishedAt,
      r.actor,
      r.verdict,
      r.reason,
      r.outputSha256,
      r.durationMs,
      r.cpuMs,
      r.peakRssBytes,
      r.batchSize,
      JSON.stringify(r.outcome),
    ],
  );
}

interface ReplayRow {
  id: string;
  digest: string;
  started_at: string;
  finished_at: string;
  actor: string;
  verdict: string;
  reason: string;
  output_sha256: string | null;
  duration_ms: number;
  cpu_ms: number;
  peak_rss_bytes: number;
  batch_size: number | null;
}

const SUMMARY_COLUMNS =
  'id, digest, started_at, finished_at, actor, verdict, reason, output_sha256, duration_ms, cpu_ms, peak_rss_bytes, batch_size';

function toSummary(r: ReplayRow): ReplaySummary {
  return replaySummarySchema.parse({
    id: r.id,
    bundleDigest: r.digest,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    actor: r.actor,
    verdict: r.verdict,
    reason: r.reason,
    outputSha256: r.output_sha256,
    durationMs: r.duration_ms,
    cpuMs: r.cpu_ms,
    peakRssBytes: r.peak_rss_bytes,
    batchSize: r.batch_size,
  });
}

/** Replays newest first, of one bundle or of all; `total` counts every match. Outcomes are not read. */
export function replaySummaries(
  db: ReadApi,
  q: { digest?: string; offset: number; limit: number },
): { total: number; replays: ReplaySummary[] } {
  const where = q.digest ? 'WHERE digest = ?' : '';
  const params = q.digest ? [q.digest] : [];
  const total = db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM replays ${where}`, params)?.n ?? 0;
  const rows = db.all<ReplayRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM replays ${where} ORDER BY started_at DESC, rowid DESC LIMIT ? OFFSET ?`,
    [...params, q.limit, q.offset],
  );
  return { total, replays: rows.map(toSummary) };
}

/** One replay with its whole outcome; null when there is none with this id. */
export function replayRecord(db: ReadApi, id: string): ReplayRecord | null {
  const row = db.get<ReplayRow & { outcome_json: string }>(
    `SELECT ${SUMMARY_COLUMNS}, outcome_json FROM replays WHERE id = ?`,
    [id],
  );
  return row ? { ...toSummary(row), outcome: replayOutcomeSchema.parse(JSON.parse(row.outcome_json)) } : null;
}

// Only the metrics are read: the rest of a stored outcome may come from an older or newer build.
const replayedMetricsSchema = z.object({ metrics: z.array(metricJudgementSchema) });

/** The metric judgements of the bundle's latest replay that ran (a failed replay replayed nothing); null when none. */
export function latestReplayedMetrics(db: ReadApi, digest: string): MetricJudgementView[] | null {
  const row = db.get<{ outcome_json: string }>(
    "SELECT outcome_json FROM replays WHERE digest = ? AND verdict != 'failed' ORDER BY started_at DESC, rowid DESC LIMIT 1",
    [digest],
  );
  return row ? replayedMetricsSchema.parse(JSON.parse(row.outcome_json)).metrics : null;
}

/** The id of a bundle's latest replay (by start time), or null: one indexed lookup, no count. */
export function latestReplayId(db: ReadApi, digest: string): string | null {
  return (
    db.get<{ id: string }>('SELECT id FROM replays WHERE digest = ? ORDER BY started_at DESC, rowid DESC LIMIT 1', [
      digest,
    ])?.id ?? null
  );
}
