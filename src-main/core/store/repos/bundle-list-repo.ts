import { bundleSummarySchema, type BundleSummary, type ReplicationState } from '../../../common/schemas/bundle';
import { runCellsSchema, type RunCells, type RunColumnKey, type RunFilter } from '../../../common/schemas/run-table';
import type { ReadApi } from '../store-api';
import type { SqlValue } from '../sql-params';
import { INTEGRITY_COLUMN, STATUS_COLUMN } from './bundles-repo';
import { replicationStateSql, type DecidedStates } from './dashboard-repo';

/**
 * Bundles as listed: the summary columns of `bundles` with the license verdict under the current policy and,
 * in lists, the replication state. Filtering, sorting and counting stay single queries over any number of bundles.
 */

/** A stored bundle's summary; who signed it is added by the caller under the keys trusted now. */
export type StoredBundleSummary = Omit<BundleSummary, 'authorship'> & { run?: RunCells | null };
const storedSummarySchema = bundleSummarySchema.omit({ authorship: true });

interface SummaryRow {
  digest: string;
  name: string;
  author: string | null;
  imported_at: string;
  status: string;
  integrity: string;
  metadata_errors: number;
  completeness: string;
  files: number;
  bytes: number;
  license_verdict: string | null;
  replication?: string;
  run_json?: string | null;
}

const SUMMARY_COLUMNS = `digest, name, author, imported_at, ${STATUS_COLUMN} AS status, ${INTEGRITY_COLUMN} AS integrity, metadata_errors, completeness, files, bytes,
  (SELECT l.verdict FROM bundle_licenses l WHERE l.digest = bundles.digest) AS license_verdict`;

// Column names are fixed here, never taken from the request, so the ORDER BY cannot be injected.
const SORT_COLUMNS = {
  importedAt: 'imported_at',
  name: 'name COLLATE NOCASE',
  author: 'author COLLATE NOCASE',
  status: 'status',
  completeness: 'completeness',
  runStart: "json_extract(metadata_json, '$.run.startTime')",
} as const;

// A run's metric or parameter by its name, whatever characters the name holds (json_each's key, never a JSON path built
// from it).
const RUN_PATH = { metric: '$.run.metrics', param: '$.run.parameters' } as const;
const runValue = (kind: RunColumnKey['kind']) =>
  `(SELECT j.value FROM json_each(bundles.metadata_json, '${RUN_PATH[kind]}') j WHERE j.key = ?)`;

function filterSql(f: RunFilter): { sql: string; params: SqlValue[] } {
  const v = runValue(f.kind);
  if (f.op === 'contains')
    return {
      sql: `CAST(${v} AS TEXT) LIKE ? ESCAPE '\\'`,
      params: [f.name, `%${String(f.value).replace(/[\\%_]/g, (c) => `\\${c}`)}%`],
    };
  // A number compares as a number; text compares with the value as written (a parameter "0.1" equals 0.1 either way).
  const op = f.op === '!=' ? '<>' : f.op;
  if (typeof f.value === 'number') return { sql: `CAST(${v} AS REAL) ${op} ?`, params: [f.name, f.value] };
  return { sql: `CAST(${v} AS TEXT) ${op} ?`, params: [f.name, f.value] };
}

export interface BundleListQuery {
  query?: string;
  state?: ReplicationState;
  sort: keyof typeof SORT_COLUMNS;
  sortKey?: RunColumnKey;
  filters?: RunFilter[];
  withRun?: boolean;
  direction: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/**
 * One page of bundles (each with its replication state under `decided`) and how many match. Each row is checked
 * against the summary schema: flat columns only, about a millisecond per 10,000 rows; no metadata is parsed.
 */
export function listBundleSummaries(
  db: ReadApi,
  q: BundleListQuery,
  decided: DecidedStates,
): { total: number; bundles: StoredBundleSummary[] } {
  const where: string[] = [];
  const state = replicationStateSql(decided);
  const params: SqlValue[] = [];
  if (q.state) {
    where.push(`${state.state} = ?`);
    params.push(...state.params, q.state);
  }
  const text = q.query?.trim();
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      "(name LIKE ? ESCAPE '\\' OR author LIKE ? ESCAPE '\\' OR digest LIKE ? ESCAPE '\\' OR source_name LIKE ? ESCAPE '\\')",
    );
    params.push(like, like, like, like);
  }
  for (const f of q.filters ?? []) {
    const c = filterSql(f);
    where.push(c.sql);
    params.push(...c.params);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM bundles ${clause}`, params)?.n ?? 0;
  const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
  const orderParams: SqlValue[] = [];
  let order = `${SORT_COLUMNS[q.sort]} ${dir}, digest ASC`;
  if (q.sortKey) {
    // Runs without the column come last in either direction; numbers before text, as SQLite orders them.
    order = `sort_value IS NULL, sort_value ${dir}, ${order}`;
    orderParams.push(q.sortKey.name);
  } else if (q.sort === 'runStart') order = `${SORT_COLUMNS.runStart} IS NULL, ${order}`;
  const sortValue = q.sortKey ? `, ${runValue(q.sortKey.kind)} AS sort_value` : '';
  const run = q.withRun ? ", json_extract(metadata_json, '$.run') AS run_json" : '';
  // Placeholders in statement order: the state column's, the sort value's, then the WHERE clause's.
  const rows = db.all<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS}, ${state.state} AS replication${sortValue}${run} FROM bundles ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`,
    [...state.params, ...orderParams, ...params, q.limit, q.offset],
  );
  return {
    total,
    bundles: rows.map((r) => (q.withRun ? { ...toSummary(r), run: toRun(r.run_json ?? null) } : toSummary(r))),
  };
}

/** A run's cells from its stored metadata (already parsed once at import); a malformed one shows as no run. */
function toRun(json: string | null): RunCells | null {
  if (!json) return null;
  const raw = JSON.parse(json) as {
    id?: unknown;
    name?: unknown;
    startTime?: unknown;
    endTime?: unknown;
    metrics?: unknown;
    parameters?: unknown;
  };
  const parsed = runCellsSchema.safeParse({
    id: raw.id ?? null,
    name: raw.name ?? null,
    startTime: raw.startTime ?? null,
    endTime: raw.endTime ?? null,
    metrics: raw.metrics ?? {},
    params: raw.parameters ?? {},
  });
  return parsed.success ? parsed.data : null;
}

/**
 * The metric and parameter names stored runs hold, with how many bundles have each (parameters: how many distinct
 * values).
 */
export function runColumnNames(db: ReadApi): {
  metrics: { name: string; bundles: number }[];
  params: { name: string; bundles: number; values: number }[];
} {
  const metrics = db.all<{ name: string; bundles: number }>(
    `SELECT j.key AS name, COUNT(*) AS bundles FROM bundles, json_each(bundles.metadata_json, '${RUN_PATH.metric}') j GROUP BY j.key ORDER BY bundles DESC, name`,
  );
  const params = db.all<{ name: string; bundles: number; values: number }>(
    `SELECT j.key AS name, COUNT(*) AS bundles, COUNT(DISTINCT CAST(j.value AS TEXT)) AS "values"
     FROM bundles, json_each(bundles.metadata_json, '${RUN_PATH.param}') j GROUP BY j.key ORDER BY bundles DESC, name`,
  );
  return {
    metrics: metrics.map((m) => ({ name: String(m.name), bundles: m.bundles })),
    params: params.map((p) => ({ name: String(p.name), bundles: p.bundles, values: p.values })),
  };
}

/** One bundle's summary (without its replication state); null when not stored. */
export function bundleSummary(db: ReadApi, digest: string): StoredBundleSummary | null {
  const row = db.get<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM bundles WHERE digest = ?`, [digest]);
  return row ? toSummary(row) : null;
}

function toSummary(row: SummaryRow): StoredBundleSummary {
  return storedSummarySchema.parse({
    bundleDigest: row.digest,
    name: row.name,
    author: row.author,
    importedAt: row.imported_at,
    status: row.status,
    integrity: row.integrity,
    metadataErrors: row.metadata_errors,
    completeness: row.completeness,
    files: row.files,
    bytes: row.bytes,
    licenseVerdict: row.license_verdict ?? null,
    ...(row.replication ? { replication: row.replication } : {}),
  });
}
