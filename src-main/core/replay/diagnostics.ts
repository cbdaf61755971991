import type { DisagreementRow, WorkerResult } from './protocol';

/**
 * What a reviewer looks at beside the metrics (the app's replay result page draws these; it computes none of
 * them): a confusion matrix and per-class precision/recall for classifiers; a bounded sample of (actual,
 * predicted) points and a residual histogram for regressors; and the first rows where the replay disagrees
 * with the recorded predictions. Pure functions over the labels and predictions the worker already returns.
 */

export type { DisagreementRow } from './protocol';

export const MAX_CONFUSION_CLASSES = 50; // beyond this a k×k grid is unreadable (and large to store)
export const MAX_POINTS = 2000;
export const RESIDUAL_BINS = 30;
export const MAX_DISAGREEMENTS = 50;

export interface ClassScore {
  label: string;
  precision: number | null; // null: the class was never predicted (scikit-learn would warn and say 0)
  recall: number | null; // null: the class never occurs in the labels
  support: number; // rows whose label is this class
}

export interface ClassificationDiagnostics {
  classes: string[];
  confusion: number[][] | null; // [actual][predicted] counts; null above MAX_CONFUSION_CLASSES classes
  perClass: ClassScore[];
}

export interface HistogramBin {
  from: number;
  to: number; // the last bin includes `to`, the others do not
  count: number;
}

export interface RegressionDiagnostics {
  points: { actual: number; predicted: number }[]; // at most MAX_POINTS, in data order
  finiteRows: number; // rows where both values are finite: what the sample and the histogram are drawn from
  residuals: HistogramBin[]; // residual = predicted - actual
}

export interface ReplayDiagnostics {
  classification: ClassificationDiagnostics | null;
  regression: RegressionDiagnostics | null;
  disagreements: DisagreementRow[]; // the first MAX_DISAGREEMENTS, in data order
}

/**
 * Counts rows by (actual, predicted) class; indices outside [0, k) (a label output the model does not know) are left
 * out.
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    if (t >= 0 && t < k && p >= 0 && p < k) m[t]![p]!++;
  }
  return m;
}

/** Precision, recall and support per class, as scikit-learn's classification_report (undefined ratios are null). */
export function perClassScores(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  classes: readonly string[],
): ClassScore[] {
  const k = classes.length;
  const tp = new Array<number>(k).fill(0);
  const predicted = new Array<number>(k).fill(0);
  const actual = new Array<number>(k).fill(0);
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    if (t >= 0 && t < k) actual[t]!++;
    if (p >= 0 && p < k) predicted[p]!++;
    if (t === p && t >= 0 && t < k) tp[t]!++;
  }
  return classes.map((label, c) => ({
    label,
    precision: predicted[c]! > 0 ? tp[c]! / predicted[c]! : null,
    recall: actual[c]! > 0 ? tp[c]! / actual[c]! : null,
    support: actual[c]!,
  }));
}

function finiteIndices(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): Int32Array {
  const out = new Int32Array(yTrue.length);
  let n = 0;
  for (let i = 0; i < yTrue.length; i++) if (Number.isFinite(yTrue[i]!) && Number.isFinite(yPred[i]!)) out[n++] = i;
  return out.subarray(0, n);
}

/**
 * Up to `max` (actual, predicted) points spread evenly over the finite rows (row floor(j·n/max) for j < max):
 * the same data always gives the same points, and the sample covers the whole file, not its head.
 */
export function samplePoints(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  max = MAX_POINTS,
): { points: RegressionDiagnostics['points']; finiteRows: number } {
  const rows = finiteIndices(yTrue, yPred);
  const n = rows.length;
  const take = Math.min(n, max);
  const points = new Array<{ actual: number; predicted: number }>(take);
  for (let j = 0; j < take; j++) {
    const i = rows[n <= max ? j : Math.floor((j * n) / max)]!;
    points[j] = { actual: yTrue[i]!, predicted: yPred[i]! };
  }
  return { points, finiteRows: n };
}

/** Equal-width bins of predicted - actual over the finite rows; no rows gives no bins, one value gives one bin. */
export function residualHistogram(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  bins = RESIDUAL_BINS,
): HistogramBin[] {
  // Two huge finite values can differ by more than a double holds: those residuals are left out, not binned as
  // infinite.
  const rows = finiteIndices(yTrue, yPred).filter((i) => Number.isFinite(yPred[i]! - yTrue[i]!));
  if (rows.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const i of rows) {
    const r = yPred[i]! - yTrue[i]!;
    if (r < min) min = r;
    if (r > max) max = r;
  }
  const width = (max - min) / bins;
  if (!(width > 0) || !Number.isFinite(width)) return [{ from: min, to: max, count: rows.length }];
  const out = Array.from({ length: bins }, (_, b) => ({
    from: min + b * width,
    to: b === bins - 1 ? max : min + (b + 1) * width,
    count: 0,
  }));
  for (const i of rows) {
    const b = Math.min(bins - 1, Math.floor((yPred[i]! - yTrue[i]! - min) / width));
    out[b]!.count++;
  }
  return out;
}

/** The diagnostics of one finished replay; a tensor replay has none (its metrics say it all). */
export function replayDiagnostics(result: WorkerResult): ReplayDiagnostics | null {
  switch (result.kind) {
    case 'classification': {
      const k = result.classes.length;
      return {
        classification: {
          classes: result.classes,
          confusion: k <= MAX_CONFUSION_CLASSES ? confusionMatrix(result.yTrue, result.yPred, k) : null,
          perClass: perClassScores(result.yTrue, result.yPred, result.classes),
        },
        regression: null,
        disagreements: result.disagreeing.slice(0, MAX_DISAGREEMENTS),
      };
    }
    case 'regression':
      return {
        classification: null,
        regression: {
          ...samplePoints(result.yTrue, result.yPred),
          residuals: residualHistogram(result.yTrue, result.yPred),
        },
        disagreements: result.disagreeing.slice(0, MAX_DISAGREEMENTS),
      };
    case 'tensor':
    case 'probe':
      return null;
  }
}
