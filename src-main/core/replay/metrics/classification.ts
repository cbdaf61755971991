import { npSum } from './summation';
import { checkClassification } from './checks';
import { refuse, value, type MetricInput, type MetricOutcome } from './types';

/**
 * Label metrics as scikit-learn 1.2 computes them (accuracy_score, balanced_accuracy_score,
 * precision/recall/f1_score with average=macro|weighted|micro and zero_division="warn", i.e. 0).
 * Averages run over the labels present in y_true or y_pred (sklearn's unique_labels), in ascending
 * order, with numpy's summation order, so results match sklearn bit for bit in practice.
 */

interface Counts {
  n: number;
  correct: number;
  /** Labels present in y_true or y_pred, ascending. */
  labels: Int32Array;
  tp: Float64Array;
  trueCount: Float64Array;
  predCount: Float64Array;
}

function count(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, n: number, size: number): Counts {
  const tpAll = new Float64Array(size);
  const trueAll = new Float64Array(size);
  const predAll = new Float64Array(size);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    trueAll[t]!++;
    predAll[p]!++;
    if (t === p) {
      tpAll[t]!++;
      correct++;
    }
  }
  let present = 0;
  for (let c = 0; c < size; c++) if (trueAll[c]! + predAll[c]! > 0) present++;
  const labels = new Int32Array(present);
  const tp = new Float64Array(present);
  const trueCount = new Float64Array(present);
  const predCount = new Float64Array(present);
  for (let c = 0, j = 0; c < size; c++) {
    if (trueAll[c]! + predAll[c]! === 0) continue;
    labels[j] = c;
    tp[j] = tpAll[c]!;
    trueCount[j] = trueAll[c]!;
    predCount[j] = predAll[c]!;
    j++;
  }
  return { n, correct, labels, tp, trueCount, predCount };
}

/** sklearn's _prf_divide: 0 where the denominator is 0 (zero_division="warn"). */
function divide(num: Float64Array, den: Float64Array): Float64Array {
  const out = new Float64Array(num.length);
  for (let i = 0; i < num.length; i++) out[i] = den[i] === 0 ? 0 : num[i]! / den[i]!;
  return out;
}

/** F1 from precision and recall exactly as sklearn 1.2 writes it: (1 + beta²)·P·R / (beta²·P + R). */
function f1(precision: number, recall: number): number {
  let denom = precision + recall;
  if (denom === 0) denom = 1;
  return (2 * precision * recall) / denom;
}

function f1All(c: Counts): Float64Array {
  const p = divide(c.tp, c.predCount);
  const r = divide(c.tp, c.trueCount);
  const f = new Float64Array(p.length);
  for (let i = 0; i < f.length; i++) f[i] = f1(p[i]!, r[i]!);
  return f;
}

function mean(a: Float64Array): number {
  return npSum(a) / a.length;
}

const label: Record<string, (c: Counts) => number> = {
  accuracy: (c) => c.correct / c.n,
  balanced_accuracy: (c) => {
    // recall per class, dropping classes absent from y_true (sklearn warns and ignores them)
    let m = 0;
    for (let i = 0; i < c.labels.length; i++) if (c.trueCount[i]! > 0) m++;
    const perClass = new Float64Array(m);
    for (let i = 0, j = 0; i < c.labels.length; i++) {
      if (c.trueCount[i]! > 0) perClass[j++] = c.tp[i]! / c.trueCount[i]!;
    }
    return mean(perClass);
  },
  macro_precision: (c) => mean(divide(c.tp, c.predCount)),
  macro_recall: (c) => mean(divide(c.tp, c.trueCount)),
  macro_f1: (c) => mean(f1All(c)),
  weighted_f1: (c) => {
    const f = f1All(c);
    const weights = c.trueCount; // np.average(f, weights=true_sum); true_sum > 0 because n > 0
    const product = new Float64Array(f.length);
    for (let i = 0; i < f.length; i++) product[i] = f[i]! * weights[i]!;
    return npSum(product) / npSum(weights);
  },
  micro_f1: (c) => {
    // summed over the present labels, tp = correct and both pred_sum and true_sum = n
    const p = c.correct / c.n;
    return f1(p, p);
  },
};

export const labelMetricNames: readonly string[] = Object.keys(label);

/** One label metric (a name from labelMetricNames) over class indices. */
export function computeLabelMetric(name: string, input: MetricInput): MetricOutcome {
  const fn = label[name];
  if (!fn) return refuse(`${name} is not a label metric`);
  const checked = checkClassification(input);
  if ('reason' in checked) return refuse(checked.reason);
  return value(fn(count(input.yTrue, input.yPred, checked.n, checked.size)));
}
