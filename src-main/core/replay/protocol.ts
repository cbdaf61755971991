import type { Problem } from '../../common/problem';
import type { ReplaySpec } from '../bundle/replay-spec';

/** Messages between the parent (run-worker.ts) and the replay worker process (replay.worker.ts). */

export interface WorkerJob {
  root: string; // the private folder laid out as under data/
  spec: ReplaySpec;
  modelClasses: string[] | null; // class names the ONNX model carries, if any (model-class-labels.ts)
  batchSize: number;
  threads: number;
  /** Only load this model (a path under root) and answer { kind: 'probe' }: the model card's runtime check. */
  probe?: string;
}

export interface PredictionComparison {
  rows: number;
  disagreements: number;
}

/** A row where the replay disagrees with the recorded prediction; `row` counts data rows from 1, as errors do. */
export interface DisagreementRow {
  row: number;
  recorded: string | number | null; // as the predictions file has it
  replayed: string | number | null; // a class name, or the regression value
  label: string | number | null; // the row's true label
}

export type WorkerResult =
  | {
      kind: 'classification';
      rows: number;
      yTrue: Int32Array; // class indices
      yPred: Int32Array;
      probabilities: Float64Array | null; // rows × classes.length, row-major; null when the model outputs labels
      classes: string[]; // class index → name
      labelMapping: string; // how labels became class indices, for the report
      predictions: PredictionComparison | null;
      disagreeing: DisagreementRow[]; // the first few disagreeing rows (diagnostics.ts MAX_DISAGREEMENTS)
      outputSha256: string;
    }
  | {
      kind: 'regression';
      rows: number;
      yTrue: Float64Array;
      yPred: Float64Array;
      predictions: PredictionComparison | null;
      disagreeing: DisagreementRow[];
      outputSha256: string;
    }
  | { kind: 'tensor'; rows: number; expected: Float64Array; actual: Float64Array; outputSha256: string }
  | { kind: 'probe'; rows: 0; outputSha256: null };

export type ParentMessage = { type: 'run'; job: WorkerJob };

export type WorkerMessage =
  | { type: 'progress'; rows: number }
  | { type: 'result'; result: WorkerResult; cpuMs: number; maxRssBytes: number }
  | { type: 'error'; problem: Problem };

/** Test-only: when set to "abort" the worker aborts on receiving its job, like a runtime crash (THREATS 14). */
export const CRASH_ENV = 'PROVDESK_TEST_REPLAY_WORKER_CRASH';
