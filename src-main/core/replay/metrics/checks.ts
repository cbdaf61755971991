import type { MetricInput } from './types';

/**
 * Input checks shared by the metric families. Each returns null when the input is usable, otherwise a
 * sentence for the reviewer. Bad data comes from bundles, so it is reported, never thrown.
 */

/** Labels above this are refused rather than sized into count arrays. */
export const MAX_LABELS = 1 << 20;

export function checkRows(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): string | null {
  if (yTrue.length === 0) return 'there are no rows to evaluate';
  if (yPred.length !== yTrue.length) {
    return `the data has ${yTrue.length} labels but there are ${yPred.length} predictions`;
  }
  return null;
}

function describe(v: number): string {
  return Number.isNaN(v) ? 'NaN' : String(v);
}

/** Every value finite (scikit-learn refuses NaN and infinities). */
export function checkFinite(a: ArrayLike<number>, what: string): string | null {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (!Number.isFinite(v)) return `${what} at row ${i} is ${describe(v)}, not a finite number`;
  }
  return null;
}

/** Integer labels in [0, limit). Returns the label-space size (max label + 1) or a reason. */
export function checkLabels(a: ArrayLike<number>, what: string, limit: number): { size: number } | { reason: string } {
  let max = -1;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= limit) {
      const range =
        limit === MAX_LABELS ? `a class index (an integer 0..${MAX_LABELS - 1})` : `a class index 0..${limit - 1}`;
      return { reason: `${what} at row ${i} is ${describe(v)}, not ${range}` };
    }
    if (v > max) max = v;
  }
  return { size: max + 1 };
}

/** Validated classification input: label-space size covering yTrue, yPred and the model's classes. */
export interface LabelData {
  n: number;
  size: number;
}

export function checkClassification(input: MetricInput): LabelData | { reason: string } {
  const rows = checkRows(input.yTrue, input.yPred);
  if (rows) return { reason: rows };
  const { classes } = input;
  if (classes !== undefined && (!Number.isInteger(classes) || classes < 1 || classes > MAX_LABELS)) {
    return { reason: `the model's class count ${classes} is not a positive integer` };
  }
  const limit = classes ?? MAX_LABELS;
  const t = checkLabels(input.yTrue, 'the true label', limit);
  if ('reason' in t) return t;
  const p = checkLabels(input.yPred, 'the predicted label', limit);
  if ('reason' in p) return p;
  return { n: input.yTrue.length, size: Math.max(t.size, p.size, classes ?? 0) };
}

/** Validated probability matrix: n rows × k columns, finite. */
export interface ProbabilityData {
  n: number;
  k: number;
  probabilities: Float64Array;
}

export function checkProbabilities(name: string, input: MetricInput): ProbabilityData | { reason: string } {
  const labels = checkClassification(input);
  if ('reason' in labels) return labels;
  const p = input.probabilities;
  if (!p) return { reason: `${name} needs class probabilities, but the replay has only predicted labels` };
  const n = labels.n;
  const k = input.classes ?? p.length / n;
  if (!Number.isInteger(k) || p.length !== n * k) {
    const shape =
      input.classes === undefined
        ? `a multiple of ${n} (one row of class probabilities per label)`
        : `${n} rows × ${k} classes = ${n * k}`;
    return { reason: `the probabilities have ${p.length} values; expected ${shape}` };
  }
  if (k < 2) return { reason: `${name} needs at least two classes, the model has ${k}` };
  for (let i = 0; i < n; i++) {
    if (input.yTrue[i]! >= k)
      return { reason: `the true label at row ${i} is ${input.yTrue[i]}, not a class index 0..${k - 1}` };
  }
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (!Number.isFinite(v)) {
      return {
        reason: `the probabilities have a non-finite value (${describe(v)}) at row ${Math.floor(i / k)}, class ${i % k}`,
      };
    }
  }
  return { n, k, probabilities: p };
}
