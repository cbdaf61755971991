import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Database, SqlValue } from 'sql.js';
import type { Problem } from '../../common/problem';
import { CodedError } from '../../common/result';
import { loadSqlJs } from '../store/sql-db';
import { resolveArtifactDir } from './artifact-location';
import { latestByKey } from './metric-lines';
import { type DatasetInput, type LoggedModel, type MetricPoint, type MlflowRun, warning } from './mlflow-run';

/** MLflow's tracking database (`mlflow.db`, SQLite; tables as in mlflow/store/tracking/dbmodels/models.py). */
// Its SQL stays here, outside core/store: it reads a foreign database the user names, never our store
// (eslint.config.js).

const SQL_MAX = 1.7976931348623157e308; // MLflow stores ±inf as ±DBL_MAX (SQL has no infinity) and NaN as 0 with is_nan

type Row = Record<string, SqlValue>;

function rows(db: Database, sql: string, params: SqlValue[] = []): Row[] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const out: Row[] = [];
    while (stmt.step()) out.push(stmt.getAsObject() as Row);
    return out;
  } finally {
    stmt.free();
  }
}

const s = (v: SqlValue | undefined): string | null => (v === null || v === undefined ? null : String(v));
const n = (v: SqlValue | undefined): number | null =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v == null ? null : Number(v);

function metricValue(value: SqlValue | undefined, isNan: SqlValue | undefined): number {
  if (isNan === 1 || value === null || value === undefined) return Number.NaN; // logged_model_metrics keeps NaN as NULL
  const v = Number(value);
  return v >= SQL_MAX ? Infinity : v <= -SQL_MAX ? -Infinity : v;
}

export async function readDatabaseRun(dbFile: string, runIdOption: string | null): Promise<MlflowRun> {
  let bytes: Buffer;
  try {
    bytes = await fsp.readFile(dbFile);
  } catch (e) {
    throw new CodedError('not-found', `cannot read ${dbFile}: ${(e as Error).message}`);
  }
  if (bytes.subarray(0, 16).toString('latin1') !== 'SQLite format 3\0')
    throw new CodedError('invalid-request', `${dbFile} is not an SQLite database`);
  const SQL = await loadSqlJs();
  const db = new SQL.Database(bytes);
  try {
    return readRun(db, path.dirname(path.resolve(dbFile)), runIdOption);
  } finally {
    db.close();
  }
}

function readRun(db: Database, baseDir: string, runIdOption: string | null): MlflowRun {
  const tables = new Set(rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => String(r['name'])));
  if (!tables.has('runs') || !tables.has('experiments'))
    throw new CodedError('invalid-request', 'not an MLflow tracking database (no runs or experiments table)');
  const candidates = runIdOption
    ? rows(db, 'SELECT * FROM runs WHERE run_uuid = ?', [runIdOption])
    : rows(db, "SELECT * FROM runs WHERE lifecycle_stage = 'active' OR lifecycle_stage IS NULL");
  if (candidates.length === 0)
    throw new CodedError(
      'not-found',
      runIdOption ? `no run ${runIdOption} in the database` : 'the database holds no active run',
    );
  if (candidates.length > 1)
    throw new CodedError(
      'invalid-request',
      `${candidates.length} runs in the database: pick one with --run-id (${candidates
        .slice(0, 5)
        .map((r) => r['run_uuid'])
        .join(', ')}${candidates.length > 5 ? ', …' : ''})`,
    );
  const r = candidates[0] as Row;
  const runId = String(r['run_uuid']);
  const experimentId = String(r['experiment_id']);
  const warnings: Problem[] = [];
  const kv = (table: string) =>
    Object.fromEntries(
      rows(db, `SELECT key, value FROM ${table} WHERE run_uuid = ? ORDER BY key`, [runId]).map((x) => [
        String(x['key']),
        s(x['value']) ?? '',
      ]),
    );

  const metrics: MetricPoint[] = rows(
    db,
    'SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ?',
    [runId],
  ).map((m) => ({
    key: String(m['key']),
    value: metricValue(m['value'], m['is_nan']),
    timestamp: n(m['timestamp']) ?? 0,
    step: n(m['step']) ?? 0,
    source: 'run',
  }));
  if (tables.has('latest_metrics')) {
    const computed = latestByKey(metrics);
    for (const l of rows(db, 'SELECT key, value, is_nan FROM latest_metrics WHERE run_uuid = ?', [runId])) {
      const mine = computed.get(String(l['key']))?.latest.value;
      const theirs = metricValue(l['value'], l['is_nan']);
      if (mine !== undefined && !Object.is(mine, theirs) && !(Number.isNaN(mine) && Number.isNaN(theirs))) {
        warnings.push(
          warning(
            'mlflow-latest-disagrees',
            `metric "${String(l['key'])}": latest_metrics says ${theirs}, the history's latest (greatest step, then timestamp) is ${mine}; the history is used`,
          ),
        );
      }
    }
  }
  const expRow = rows(db, 'SELECT name, artifact_location FROM experiments WHERE experiment_id = ?', [experimentId])[0];
  const runCandidates = ['mlruns', 'mlartifacts'].map((d) => path.join(baseDir, d, experimentId, runId));
  const artifacts = resolveArtifactDir(s(r['artifact_uri']), runId, runCandidates);
  warnings.push(...artifacts.warnings);
  const tags = kv('tags');

  const datasets: DatasetInput[] =
    tables.has('inputs') && tables.has('datasets')
      ? rows(
          db,
          `SELECT d.name, d.digest, d.dataset_source_type, d.dataset_source, i.input_uuid FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND i.destination_id = ? ORDER BY d.name`,
          [runId],
        ).map((d) => ({
          name: String(d['name']),
          digest: s(d['digest']) ?? '',
          sourceType: s(d['dataset_source_type']),
          source: s(d['dataset_source']),
          context: tables.has('input_tags')
            ? s(
                rows(db, "SELECT value FROM input_tags WHERE input_uuid = ? AND name = 'mlflow.data.context'", [
                  d['input_uuid'] ?? null,
                ])[0]?.['value'],
              )
            : null,
        }))
      : [];

  const models: LoggedModel[] = [];
  const history = tags['mlflow.log-model.history'];
  if (history) {
    try {
      const list = JSON.parse(history) as { artifact_path?: string }[];
      for (const m of Array.isArray(list) ? list : []) {
        if (m.artifact_path && !models.some((x) => x.id === m.artifact_path))
          models.push({
            id: m.artifact_path,
            name: m.artifact_path,
            artifactDir: artifacts.dir ? path.join(artifacts.dir, ...m.artifact_path.split('/')) : null,
            metrics: [],
            params: {},
          });
      }
    } catch {
      warnings.push(warning('mlflow-model-history', 'the mlflow.log-model.history tag is not JSON'));
    }
  }
  if (tables.has('logged_models')) {
    for (const m of rows(
      db,
      'SELECT model_id, name, artifact_location FROM logged_models WHERE source_run_id = ? ORDER BY model_id',
      [runId],
    )) {
      const id = String(m['model_id']);
      const dir = resolveArtifactDir(
        s(m['artifact_location']),
        id,
        ['mlruns', 'mlartifacts'].map((d) => path.join(baseDir, d, experimentId, 'models', id)),
      );
      warnings.push(...dir.warnings);
      const points: MetricPoint[] = tables.has('logged_model_metrics')
        ? rows(
            db,
            'SELECT metric_name, metric_timestamp_ms, metric_step, metric_value, run_id, dataset_name, dataset_digest FROM logged_model_metrics WHERE model_id = ?',
            [id],
          ).map((x) => ({
            key: String(x['metric_name']),
            value: metricValue(x['metric_value'], 0),
            timestamp: n(x['metric_timestamp_ms']) ?? 0,
            step: n(x['metric_step']) ?? 0,
            runId: s(x['run_id']),
            datasetName: s(x['dataset_name']),
            datasetDigest: s(x['dataset_digest']),
            source: `model:${id}`,
          }))
        : [];
      const params = tables.has('logged_model_params')
        ? Object.fromEntries(
            rows(db, 'SELECT param_key, param_value FROM logged_model_params WHERE model_id = ?', [id]).map((x) => [
              String(x['param_key']),
              s(x['param_value']) ?? '',
            ]),
          )
        : {};
      models.push({ id, name: s(m['name']) ?? id, artifactDir: dir.dir, metrics: points, params });
    }
  }

  const registry: MlflowRun['registry'] = [];
  if (tables.has('model_versions')) {
    const hasModelId =
      rows(db, "SELECT name FROM pragma_table_info('model_versions') WHERE name = 'model_id'").length > 0;
    const ids = models.map((m) => m.id);
    const versions = rows(
      db,
      `SELECT name, version${hasModelId ? ', model_id' : ''} FROM model_versions WHERE run_id = ?${hasModelId && ids.length ? ` OR model_id IN (${ids.map(() => '?').join(',')})` : ''} ORDER BY name, version`,
      [runId, ...(hasModelId ? ids : [])],
    );
    for (const v of versions) {
      const aliases = tables.has('registered_model_aliases')
        ? rows(db, 'SELECT alias FROM registered_model_aliases WHERE name = ? AND version = ? ORDER BY alias', [
            v['name'] ?? null,
            v['version'] ?? null,
          ]).map((a) => String(a['alias']))
        : [];
      registry.push({ name: String(v['name']), version: String(v['version']), aliases });
    }
  }

  return {
    runId,
    runName: s(r['name']) ?? tags['mlflow.runName'] ?? null,
    experimentId,
    experimentName: expRow ? s(expRow['name']) : null,
    userId: s(r['user_id']),
    status: s(r['status']),
    startTime: n(r['start_time']),
    endTime: n(r['end_time']),
    params: kv('params'),
    tags,
    metrics,
    datasets,
    artifactDir: artifacts.dir,
    models,
    registry,
    warnings,
  };
}
