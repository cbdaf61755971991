/** Inputs and outcomes of the replay metrics (BUNDLE-FORMAT section 3); re-exported by index.ts. */

export type MetricTask = 'classification' | 'regression' | 'tensor'; // text-classification uses 'classification'

export interface MetricInput {
  task: MetricTask;
  /** Class indices 0..classes-1 (classification) or target values (regression); unused for tensors. */
  yTrue: ArrayLike<number>;
  /** Predicted class indices or values; for tensors the actual output elements. */
  yPred: ArrayLike<number>;
  /** Classification: row-major n × classes, already softmaxed when the model gave logits. */
  probabilities?: Float64Array;
  /** Number of model output classes (columns of `probabilities`). */
  classes?: number;
  /** Tensor: the expected output elements (`yPred` holds the actual ones). */
  expected?: ArrayLike<number>;
}

export type MetricOutcome = { ok: true; value: number } | { ok: false; reason: string };

export function value(v: number): MetricOutcome {
  return { ok: true, value: v };
}

export function refuse(reason: string): MetricOutcome {
  return { ok: false, reason };
}
