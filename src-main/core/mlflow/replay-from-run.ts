import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { parquetMetadata, parquetSchema } from 'hyparquet';
import type { Problem } from '../../common/problem';
import type { MlflowCode } from '../../common/problem-codes';
import { REPLAY_METRICS, type ReplayTask } from '../bundle/replay-spec';
import type { ModelSignature } from './model-environment';
import { warning } from './mlflow-run';

/**
 * Default tolerances for metrics MLflow logged from a float64 framework and the replay recomputes from ONNX
 * float32 inference. Counting metrics (accuracy, F1, …) must match exactly: a float32 difference only matters
 * for a row on a decision boundary, and one changed row out of n moves them by 1/n. Continuous metrics
 * (log_loss, AUC, errors) get abs 1e-6 + rel 1e-4: float32 rounding moves them by about 1e-7 relative
 * (1e-6 after summing), a different model or data set by 1e-3 and more.
 */
export const COUNTING_TOLERANCE = { abs: 1e-9, rel: 0 };
export const CONTINUOUS_TOLERANCE = { abs: 1e-6, rel: 1e-4 };
const CONTINUOUS = new Set([
  'log_loss',
  'roc_auc',
  'mae',
  'mse',
  'rmse',
  'r2',
  'max_error',
  'max_abs_error',
  'mean_abs_error',
]);

/** mlflow.evaluate's metric names → the replay's (scikit-learn) names. */
const ALIASES: Record<string, string> = {
  accuracy_score: 'accuracy',
  balanced_accuracy_score: 'balanced_accuracy',
  mean_absolute_error: 'mae',
  mean_squared_error: 'mse',
  root_mean_squared_error: 'rmse',
  r2_score: 'r2',
};

export interface ReplayRequestFromRun {
  model: string; // bundle path of the ONNX model
  evalData: string; // bundle path of the evaluation data
  evalFile: string; // on disk (to check the label column)
  label: string;
  task: ReplayTask | null; // --task
  signature: ModelSignature | null;
  metrics: Record<string, number>; // the run's latest finite values
}

export function replayFromRun(r: ReplayRequestFromRun): {
  replay: Record<string, unknown> | null;
  metrics: Record<string, number>;
  warnings: Problem[];
} {
  const warnings: Problem[] = [];
  const none = (code: MlflowCode, message: string) => ({
    replay: null,
    metrics: {},
    warnings: [...warnings, warning(code, `${message}; no replay.json is written`)],
  });
  const format = /\.csv$/i.test(r.evalData)
    ? 'csv'
    : /\.jsonl$/i.test(r.evalData)
      ? 'jsonl'
      : /\.parquet$/i.test(r.evalData)
        ? 'parquet'
        : null;
  if (!format)
    return none('mlflow-replay-format', `evaluation data ${r.evalData} is neither .csv, .jsonl nor .parquet`);
  if (format === 'csv') {
    const header = readFileSync(r.evalFile, 'utf8').split(/\r?\n/, 1)[0] ?? '';
    if (
      !header
        .split(',')
        .map((c) => c.trim().replace(/^"|"$/g, ''))
        .includes(r.label)
    )
      return none(
        'mlflow-replay-label',
        `evaluation data ${r.evalData} has no column "${r.label}" (columns: ${header.slice(0, 200)})`,
      );
  }
  if (format === 'parquet') {
    const columns = parquetColumns(r.evalFile);
    if (!columns) return none('mlflow-replay-format', `evaluation data ${r.evalData} is not a readable Parquet file`);
    if (!columns.includes(r.label))
      return none(
        'mlflow-replay-label',
        `evaluation data ${r.evalData} has no column "${r.label}" (columns: ${columns.join(',').slice(0, 200)})`,
      );
  }
  const task = r.task ?? taskFromSignature(r.signature);
  if (!task)
    return none(
      'mlflow-replay-task',
      'the model signature does not settle the task: give --task classification or --task regression',
    );
  const output = outputFor(task, r.signature);
  const metrics: Record<string, number> = {};
  const specs: { name: string; tolerance: { abs: number; rel: number } }[] = [];
  for (const [logged, value] of Object.entries(r.metrics)) {
    const name = REPLAY_METRICS[task].includes(logged) ? logged : ALIASES[logged];
    if (!name || !REPLAY_METRICS[task].includes(name) || specs.some((s) => s.name === name)) continue;
    if (name !== logged) {
      if (name in r.metrics) continue; // the run also logged it under the replay's own name
      warnings.push(
        warning('mlflow-metric-renamed', `metric "${logged}" is reported as "${name}" (the replay's name for it)`),
      );
    }
    metrics[name] = value;
    specs.push({ name, tolerance: CONTINUOUS.has(name) ? CONTINUOUS_TOLERANCE : COUNTING_TOLERANCE });
  }
  if (specs.length === 0)
    return none(
      'mlflow-replay-metrics',
      `no logged metric can be recomputed for task "${task}" (known: ${REPLAY_METRICS[task].join(', ')})`,
    );
  const replay: Record<string, unknown> = {
    conformsTo: 'urn:provenance-desk:replay:1',
    task,
    model: r.model,
    ...(output.name ? { modelOutput: output.name } : {}),
    ...(output.kind ? { outputKind: output.kind } : {}),
    data: { path: r.evalData, format, features: null, label: r.label },
    metrics: specs,
  };
  if (!output.name)
    warnings.push(
      warning('mlflow-replay-output', "the model signature names no output: the replay uses the model's first output"),
    );
  return { replay, metrics, warnings };
}

function isInt(type: string): boolean {
  return /int|long/i.test(type);
}

export function taskFromSignature(sig: ModelSignature | null): ReplayTask | null {
  if (!sig || sig.outputs.length === 0) return null;
  if (sig.outputs.some((o) => isInt(o.type))) return 'classification';
  const floats = sig.outputs.filter((o) => /float|double/i.test(o.type));
  if (floats.length === 1) {
    const shape = floats[0]?.shape ?? null;
    if (shape && (shape.length === 1 || (shape.length === 2 && shape[1] === 1))) return 'regression';
  }
  return null;
}

/** Classification: the probability output when the signature has one, else the label output. */
function outputFor(task: ReplayTask, sig: ModelSignature | null): { name: string | null; kind: string | null } {
  if (!sig) return { name: null, kind: null };
  if (task === 'classification') {
    const probs = sig.outputs.find(
      (o) => /float|double/i.test(o.type) && (o.shape?.length ?? 0) === 2 && (o.shape?.[1] ?? 0) > 1,
    );
    if (probs?.name) return { name: probs.name, kind: 'probabilities' };
    const labels = sig.outputs.find((o) => isInt(o.type));
    if (labels?.name) return { name: labels.name, kind: 'labels' };
  }
  return { name: sig.outputs[0]?.name ?? null, kind: null };
}

/** A Parquet file's top-level column names, from its footer only (the file may be large); null when unreadable. */
function parquetColumns(file: string): string[] | null {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < 12) return null;
    const tail = Buffer.alloc(8);
    readSync(fd, tail, 0, 8, size - 8);
    if (tail.toString('latin1', 4) !== 'PAR1') return null;
    const length = tail.readUInt32LE(0);
    if (length + 8 > size || length > 64 * 1024 * 1024) return null;
    const footer = Buffer.alloc(length + 8);
    readSync(fd, footer, 0, length + 8, size - length - 8);
    const metadata = parquetMetadata(footer.buffer.slice(footer.byteOffset, footer.byteOffset + footer.byteLength));
    return parquetSchema(metadata).children.map((c) => c.element.name);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
