import { z } from 'zod';
import { replicationStateSchema, type ReplicationState } from '../../../common/schemas/bundle';
import { resourcePointSchema, type ResourcePoint } from '../../../common/schemas/dashboard';
import type { ReadApi } from '../store-api';

/**
 * What the dashboard counts across the store: each bundle's replication state (also what the bundle list filters
 * on), totals, replays per day and their resources, license verdicts and access outcomes. Reads only.
 */

/** The bundles a holding approval decision has settled (core/governance/replication-states.ts decides them). */
export type DecidedStates = Record<string, 'approved' | 'rejected'>;

/**
 * SQL pieces that give each row of `bundles` its replication state: a holding decision, else the latest replay's
 * verdict (reproduced, not reproduced, or failed: a replay that could not run is its own state, never evidence
 * against the result), else pending. The settled bundles travel as two JSON
 * parameters (approved, rejected); their `IN` lists are built once per query, not per row.
 */
export function replicationStateSql(decided: DecidedStates): { state: string; params: string[] } {
  const approved = Object.keys(decided).filter((d) => decided[d] === 'approved');
  const rejected = Object.keys(decided).filter((d) => decided[d] === 'rejected');
  const latestVerdict =
    'SELECT r.verdict FROM replays r WHERE r.digest = bundles.digest ORDER BY r.started_at DESC, r.rowid DESC LIMIT 1';
  return {
    state: `CASE WHEN bundles.digest IN (SELECT value FROM json_each(?)) THEN 'approved' WHEN bundles.digest IN (SELECT value FROM json_each(?)) THEN 'rejected'
      ELSE CASE (${latestVerdict}) WHEN 'reproduced' THEN 'reproduced' WHEN 'not-reproduced' THEN 'not-reproduced' WHEN 'failed' THEN 'failed' ELSE 'pending' END END`,
    params: [JSON.stringify(approved), JSON.stringify(rejected)],
  };
}

const stateCountSchema = z.object({ replication_state: replicationStateSchema, n: z.number().int() });

/** How many bundles are in each replication state (every state present, zero when none). */
export function replicationStateCounts(db: ReadApi, decided: DecidedStates): Record<ReplicationState, number> {
  const sql = replicationStateSql(decided);
  const counts: Record<ReplicationState, number> = {
    pending: 0,
    reproduced: 0,
    'not-reproduced': 0,
    failed: 0,
    approved: 0,
    rejected: 0,
  };
  const rows = db.all(
    `SELECT ${sql.state} AS replication_state, COUNT(*) AS n FROM bundles GROUP BY replication_state`,
    sql.params,
  );
  for (const r of rows) {
    const { replication_state, n } = stateCountSchema.parse(r);
    counts[replication_state] = n;
  }
  return counts;
}

const count = (db: ReadApi, sql: string) => db.get<{ n: number }>(sql)?.n ?? 0;

export function storeTotals(db: ReadApi): { bundles: number; replays: number; auditEntries: number } {
  return {
    bundles: count(db, 'SELECT COUNT(*) AS n FROM bundles'),
    replays: count(db, 'SELECT COUNT(*) AS n FROM replays'),
    auditEntries: count(db, 'SELECT COUNT(*) AS n FROM audit_log'),
  };
}

const dayCountSchema = z.object({
  day: z.string(),
  replays: z.number().int(),
  reproduced: z.number().int(),
  failed: z.number().int(),
});
export type ReplayDayCount = z.infer<typeof dayCountSchema>;

/**
 * Replays started per UTC day (YYYY-MM-DD): those that ran, how many of them reproduced, and those that could not
 * run (a failed replay says nothing about the result, so it is no part of the rate).
 */
export function replaysPerDay(db: ReadApi): ReplayDayCount[] {
  return db
    .all(
      "SELECT substr(started_at, 1, 10) AS day, SUM(verdict <> 'failed') AS replays, SUM(verdict = 'reproduced') AS reproduced, " +
        "SUM(verdict = 'failed') AS failed FROM replays GROUP BY day",
    )
    .map((r) => dayCountSchema.parse(r));
}

const numbers = z.array(z.number());

/** Every stored replay's duration, CPU time and peak memory, as three columns (for percentiles). */
export function replayResourceColumns(db: ReadApi): { durationMs: number[]; cpuMs: number[]; peakRssBytes: number[] } {
  const rows = db.all<{ d: number; c: number; m: number }>(
    'SELECT duration_ms AS d, cpu_ms AS c, peak_rss_bytes AS m FROM replays',
  );
  return {
    durationMs: numbers.parse(rows.map((r) => r.d)),
    cpuMs: numbers.parse(rows.map((r) => r.c)),
    peakRssBytes: numbers.parse(rows.map((r) => r.m)),
  };
}

interface RecentRow {
  id: string;
  digest: string;
  name: string;
  started_at: string;
  verdict: string;
  duration_ms: number;
  cpu_ms: number;
  peak_rss_bytes: number;
}

/** The latest `limit` replays with their bundle's name, newest first. */
export function recentReplays(db: ReadApi, limit: number): ResourcePoint[] {
  return db
    .all<RecentRow>(
      `SELECT r.id, r.digest, b.name, r.started_at, r.verdict, r.duration_ms, r.cpu_ms, r.peak_rss_bytes
       FROM replays r JOIN bundles b ON b.digest = r.digest ORDER BY r.started_at DESC, r.rowid DESC LIMIT ?`,
      [limit],
    )
    .map((r) =>
      resourcePointSchema.parse({
        replayId: r.id,
        bundleDigest: r.digest,
        name: r.name,
        startedAt: r.started_at,
        verdict: r.verdict,
        durationMs: r.duration_ms,
        cpuMs: r.cpu_ms,
        peakRssBytes: r.peak_rss_bytes,
      }),
    );
}

const keyCountSchema = z.object({ key: z.string(), n: z.number().int() });
const keyCounts = (rows: Record<string, unknown>[]) =>
  new Map(rows.map((r) => keyCountSchema.parse(r)).map((r) => [r.key, r.n]));

/** How many bundles have each license verdict under the current policy. */
export function licenseVerdictCounts(db: ReadApi): Map<string, number> {
  return keyCounts(db.all('SELECT verdict AS key, COUNT(*) AS n FROM bundle_licenses GROUP BY verdict'));
}

/** How many data-access checks had each outcome since `since` (ISO time). */
export function accessOutcomeCounts(db: ReadApi, since: string): Map<string, number> {
  return keyCounts(
    db.all('SELECT outcome AS key, COUNT(*) AS n FROM access_events WHERE time >= ? GROUP BY outcome', [since]),
  );
}
