import type { Problem } from '../../common/problem';
import type { MlflowCode } from '../../common/problem-codes';

/** An MLflow run as read from either store (file store or tracking database), before it becomes a bundle. */

export interface MetricPoint {
  key: string;
  value: number; // NaN and ±Infinity are kept as such
  timestamp: number; // ms since the epoch
  step: number;
  runId?: string | null; // 3.x logged-model metrics name the run that logged them
  datasetName?: string | null;
  datasetDigest?: string | null;
  source: string; // "run" or "model:<model id>"
}

export interface DatasetInput {
  name: string;
  digest: string; // MLflow's own fingerprint: 8 hex characters for most sources, not a checksum
  sourceType: string | null;
  source: string | null; // JSON text, e.g. {"uri": "..."}
  context: string | null; // mlflow.data.context: training, eval, ...
}

export interface LoggedModel {
  id: string; // 3.x model id (m-…), or the artifact path for 2.x mlflow.log-model.history entries
  name: string;
  artifactDir: string | null; // local folder after re-basing
  metrics: MetricPoint[];
  params: Record<string, string>;
}

export interface MlflowRun {
  runId: string;
  runName: string | null;
  experimentId: string;
  experimentName: string | null;
  userId: string | null;
  status: string | null;
  startTime: number | null;
  endTime: number | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: MetricPoint[]; // full history
  datasets: DatasetInput[];
  artifactDir: string | null; // the run's artifacts, local folder after re-basing
  models: LoggedModel[];
  registry: { name: string; version: string; aliases: string[] }[];
  warnings: Problem[];
}

export function warning(code: MlflowCode, message: string, extra: Record<string, unknown> = {}): Problem {
  return { code, message, severity: 'warning', ...extra };
}
