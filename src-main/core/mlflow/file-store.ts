import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Problem } from '../../common/problem';
import { CodedError } from '../../common/result';
import { resolveArtifactDir } from './artifact-location';
import { parseMetricFile } from './metric-lines';
import { type DatasetInput, type LoggedModel, type MetricPoint, type MlflowRun, warning } from './mlflow-run';

/** MLflow's file store (`mlruns/<experiment>/<run>/`), as FileStore writes it in 2.x and 3.x. */

const RUN_STATUS: Record<number, string> = { 1: 'RUNNING', 2: 'SCHEDULED', 3: 'FINISHED', 4: 'FAILED', 5: 'KILLED' };
type Yaml = Record<string, unknown>;

function readYaml(file: string): Yaml | null {
  try {
    const v: unknown = parseYaml(readFileSync(file, 'utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Yaml) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null;
const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** key → file for a params/tags/metrics folder; keys may contain "/" (then they are sub-folders). */
function keyFiles(dir: string): [string, string][] {
  if (!isDir(dir)) return [];
  const out: [string, string][] = [];
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const key = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), key);
      else if (e.isFile()) out.push([key, path.join(d, e.name)]);
    }
  };
  walk(dir, '');
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function readKeyValues(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, file] of keyFiles(dir)) out[key] = readFileSync(file, 'utf8');
  return out;
}

function readMetrics(dir: string, source: string, warnings: Problem[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const [key, file] of keyFiles(dir)) {
    const parsed = parseMetricFile(key, readFileSync(file, 'utf8'), source, file);
    points.push(...parsed.points);
    warnings.push(...parsed.warnings);
  }
  return points;
}

/**
 * Locates the run folder from a run folder, an experiment folder or an mlruns root (the last two need runId when
 * ambiguous).
 */
export function findRunDir(input: string, runId: string | null): string {
  const root = path.resolve(input);
  const meta = readYaml(path.join(root, 'meta.yaml'));
  if (meta && (meta['run_id'] || meta['run_uuid'])) {
    const id = str(meta['run_id']) ?? str(meta['run_uuid']);
    if (runId && id !== runId) throw new CodedError('invalid-request', `${root} is run ${id}, not ${runId}`);
    return root;
  }
  const experiments =
    meta && meta['experiment_id'] !== undefined
      ? [root]
      : isDir(root)
        ? readdirSync(root)
            .map((n) => path.join(root, n))
            .filter((d) => isDir(d) && existsSync(path.join(d, 'meta.yaml')) && !d.endsWith('.trash'))
        : [];
  const runs: string[] = [];
  for (const exp of experiments) {
    for (const n of readdirSync(exp)) {
      const d = path.join(exp, n);
      if (['tags', 'datasets', 'traces', 'models'].includes(n) || !isDir(d)) continue;
      const m = readYaml(path.join(d, 'meta.yaml'));
      const id = m ? (str(m['run_id']) ?? str(m['run_uuid'])) : null;
      if (id && (!runId || id === runId)) runs.push(d);
    }
  }
  if (runs.length === 1) return runs[0] as string;
  if (runs.length === 0)
    throw new CodedError(
      'not-found',
      runId
        ? `no run ${runId} under ${root}`
        : `no MLflow run found under ${root} (give a run folder, an experiment folder, an mlruns folder or an mlflow.db)`,
    );
  throw new CodedError(
    'invalid-request',
    `${runs.length} runs under ${root}: pick one with --run-id (${runs
      .slice(0, 5)
      .map((r) => path.basename(r))
      .join(', ')}${runs.length > 5 ? ', …' : ''})`,
  );
}

export function readFileStoreRun(input: string, runIdOption: string | null): MlflowRun {
  const runDir = findRunDir(input, runIdOption);
  const expDir = path.dirname(runDir);
  const storeRoot = path.dirname(expDir);
  const meta = readYaml(path.join(runDir, 'meta.yaml')) ?? {};
  const expMeta = readYaml(path.join(expDir, 'meta.yaml'));
  const warnings: Problem[] = [];
  const runId = str(meta['run_id']) ?? str(meta['run_uuid']) ?? path.basename(runDir);
  const statusCode = num(meta['status']);
  const tags = readKeyValues(path.join(runDir, 'tags'));
  const metrics = readMetrics(path.join(runDir, 'metrics'), 'run', warnings);
  const artifacts = resolveArtifactDir(str(meta['artifact_uri']), runId, [runDir]);
  warnings.push(...artifacts.warnings);

  const run: MlflowRun = {
    runId,
    runName: str(meta['run_name']) ?? tags['mlflow.runName'] ?? null,
    experimentId: str(meta['experiment_id']) ?? path.basename(expDir),
    experimentName: expMeta ? str(expMeta['name']) : null,
    userId: str(meta['user_id']),
    status: statusCode !== null ? (RUN_STATUS[statusCode] ?? String(statusCode)) : str(meta['status']),
    startTime: num(meta['start_time']),
    endTime: num(meta['end_time']),
    params: readKeyValues(path.join(runDir, 'params')),
    tags,
    metrics,
    datasets: readInputs(runDir, expDir, warnings),
    artifactDir: artifacts.dir,
    models: [],
    registry: [],
    warnings,
  };
  run.models = [...historyModels(tags, artifacts.dir, warnings), ...loggedModels(expDir, runId, warnings)];
  run.registry = registryEntries(
    storeRoot,
    runId,
    run.models.map((m) => m.id),
  );
  return run;
}

/** 2.x dataset inputs: run/inputs/<id>/meta.yaml names a dataset in experiment/datasets/<id>/meta.yaml. */
function readInputs(runDir: string, expDir: string, warnings: Problem[]): DatasetInput[] {
  const out: DatasetInput[] = [];
  const inputsDir = path.join(runDir, 'inputs');
  if (!isDir(inputsDir)) return out;
  for (const n of readdirSync(inputsDir).sort()) {
    const input = readYaml(path.join(inputsDir, n, 'meta.yaml'));
    if (!input) continue;
    // model inputs (3.x) are not data
    if (str(input['source_type']) !== 'DATASET' && input['source_type'] !== 1) continue;
    const datasetId = str(input['source_id']);
    const ds = datasetId ? readYaml(path.join(expDir, 'datasets', datasetId, 'meta.yaml')) : null;
    if (!ds) {
      warnings.push(
        warning(
          'mlflow-dataset-missing',
          `run input ${n} names dataset ${datasetId ?? '?'}, which is not in ${path.join(expDir, 'datasets')}; not recorded`,
        ),
      );
      continue;
    }
    const tags = input['tags'] && typeof input['tags'] === 'object' ? (input['tags'] as Record<string, unknown>) : {};
    out.push({
      name: str(ds['name']) ?? datasetId ?? n,
      digest: str(ds['digest']) ?? '',
      sourceType: str(ds['source_type']),
      source: str(ds['source']),
      context: str(tags['mlflow.data.context']),
    });
  }
  return out;
}

/** 2.x: models logged into the run's artifacts, listed in the mlflow.log-model.history tag. */
function historyModels(tags: Record<string, string>, artifactDir: string | null, warnings: Problem[]): LoggedModel[] {
  const raw = tags['mlflow.log-model.history'];
  if (!raw) return [];
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    warnings.push(
      warning(
        'mlflow-model-history',
        'the mlflow.log-model.history tag is not JSON; logged models are found from MLmodel files instead',
      ),
    );
    return [];
  }
  const out: LoggedModel[] = [];
  const seen = new Set<string>();
  for (const m of Array.isArray(list) ? list : []) {
    const artifactPath = m && typeof m === 'object' ? str((m as Yaml)['artifact_path']) : null;
    if (!artifactPath || seen.has(artifactPath)) continue;
    seen.add(artifactPath);
    out.push({
      id: artifactPath,
      name: artifactPath,
      artifactDir: artifactDir ? path.join(artifactDir, ...artifactPath.split('/')) : null,
      metrics: [],
      params: {},
    });
  }
  return out;
}

/** 3.x: logged models live in experiment/models/<model id>/ with their own artifacts, params and metrics. */
function loggedModels(expDir: string, runId: string, warnings: Problem[]): LoggedModel[] {
  const modelsDir = path.join(expDir, 'models');
  if (!isDir(modelsDir)) return [];
  const out: LoggedModel[] = [];
  for (const n of readdirSync(modelsDir).sort()) {
    const dir = path.join(modelsDir, n);
    const meta = readYaml(path.join(dir, 'meta.yaml'));
    if (!meta || str(meta['source_run_id']) !== runId) continue;
    const id = str(meta['model_id']) ?? n;
    const artifacts = resolveArtifactDir(str(meta['artifact_location']), id, [dir]);
    warnings.push(...artifacts.warnings);
    out.push({
      id,
      name: str(meta['name']) ?? id,
      artifactDir: artifacts.dir,
      metrics: readMetrics(path.join(dir, 'metrics'), `model:${id}`, warnings),
      params: readKeyValues(path.join(dir, 'params')),
    });
  }
  return out;
}

/**
 * Registered model versions made from this run (or its logged models), with their aliases
 * (models/<name>/aliases/<alias>).
 */
function registryEntries(storeRoot: string, runId: string, modelIds: string[]): MlflowRun['registry'] {
  const dir = path.join(storeRoot, 'models');
  if (!isDir(dir)) return [];
  const out: MlflowRun['registry'] = [];
  for (const name of readdirSync(dir).sort()) {
    const modelDir = path.join(dir, name);
    if (!isDir(modelDir)) continue;
    const aliases = readKeyValues(path.join(modelDir, 'aliases'));
    for (const v of readdirSync(modelDir).filter((x) => x.startsWith('version-'))) {
      const meta = readYaml(path.join(modelDir, v, 'meta.yaml'));
      if (!meta) continue;
      const version = str(meta['version']) ?? v.slice('version-'.length);
      const modelId = str(meta['model_id']);
      if (str(meta['run_id']) !== runId && !(modelId && modelIds.includes(modelId))) continue;
      out.push({
        name: str(meta['name']) ?? name,
        version,
        aliases: Object.entries(aliases)
          .filter(([, ver]) => ver.trim() === version)
          .map(([a]) => a),
      });
    }
  }
  return out;
}
