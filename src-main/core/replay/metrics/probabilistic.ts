import { npSum } from './summation';
import { sortFloats } from './sort-floats';
import { checkProbabilities, type ProbabilityData } from './checks';
import { refuse, value, type MetricInput, type MetricOutcome } from './types';

/**
 * Metrics over class probabilities, as scikit-learn 1.2 computes them with labels=range(classes):
 * log_loss, roc_auc (binary: score of class 1; more classes: one-vs-rest macro) and
 * top_k_accuracy (k = 5).
 */

export const TOP_K = 5;
const EPS = 2 ** -52; // np.finfo(float64).eps: log_loss's eps="auto" for float64 input

/** Row sum in numpy's order (sklearn sums rows with `y.sum(axis=1)`). */
function rowSum(p: Float64Array, start: number, k: number, scratch: Float64Array): number {
  for (let j = 0; j < k; j++) scratch[j] = p[start + j]!;
  return npSum(scratch);
}

/** Clip to [eps, 1 - eps], renormalise each row, mean of -log(p[true class]). */
function logLoss(d: ProbabilityData, yTrue: ArrayLike<number>): number {
  const { n, k, probabilities: p } = d;
  const clipped = new Float64Array(k);
  const loss = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const start = i * k;
    for (let j = 0; j < k; j++) clipped[j] = Math.min(Math.max(p[start + j]!, EPS), 1 - EPS);
    const sum = npSum(clipped);
    loss[i] = -Math.log(clipped[yTrue[i]!]! / sum);
  }
  return npSum(loss) / n;
}

/**
 * ROC AUC of column `column` of the n × k scores against "true label is `label`", as the
 * Mann-Whitney statistic with tied scores counted half: equal to sklearn's trapezoidal area under
 * roc_curve (ties form one step there). Positive and negative scores are sorted apart and merged;
 * `buffer` and `scratch` hold n values. Null when either side is empty (AUC undefined).
 */
function columnAuc(
  p: Float64Array,
  n: number,
  k: number,
  column: number,
  yTrue: ArrayLike<number>,
  label: number,
  buffer: Float64Array,
  scratch: Float64Array,
): number | null {
  let nPos = 0;
  let nNeg = n;
  for (let i = 0; i < n; i++) {
    const s = p[i * k + column]!;
    if (yTrue[i] === label) buffer[nPos++] = s;
    else buffer[--nNeg] = s;
  }
  nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const pos = sortFloats(buffer.subarray(0, nPos), scratch);
  const neg = sortFloats(buffer.subarray(nPos, n), scratch);
  // twice the count of (positive, negative) pairs ranked correctly, ties counting one; exact integers
  let twiceU = 0;
  let below = 0; // negatives strictly below the current positive score
  let i = 0;
  while (i < nPos) {
    const v = pos[i]!;
    let same = 1;
    while (i + same < nPos && pos[i + same] === v) same++;
    while (below < nNeg && neg[below]! < v) below++;
    let equal = 0;
    while (below + equal < nNeg && neg[below + equal] === v) equal++;
    twiceU += same * (2 * below + equal);
    i += same;
  }
  return twiceU / (2 * nPos * nNeg);
}

function rocAuc(d: ProbabilityData, yTrue: ArrayLike<number>): MetricOutcome {
  const { n, k, probabilities: p } = d;
  const buffer = new Float64Array(n);
  const sortScratch = new Float64Array(n);
  if (k === 2) {
    const auc = columnAuc(p, n, 2, 1, yTrue, 1, buffer, sortScratch);
    if (auc === null) return refuse(`roc_auc is undefined: every true label is ${yTrue[0]}`);
    return value(auc);
  }
  // sklearn refuses multiclass scores that are not probabilities: np.allclose(1, row sums)
  const scratch = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const s = rowSum(p, i * k, k, scratch);
    if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) {
      return refuse(`roc_auc needs probabilities summing to 1 over the classes, but row ${i} sums to ${s}`);
    }
  }
  const aucs = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const auc = columnAuc(p, n, k, c, yTrue, c, buffer, sortScratch);
    if (auc === null) {
      const which = yTrue[0] === c ? 'every true label is' : 'no true label is';
      return refuse(`roc_auc (one-vs-rest) is undefined: ${which} class ${c}`);
    }
    aucs[c] = auc;
  }
  return value(npSum(aucs) / k);
}

/**
 * Share of rows whose true class is among the k highest scores. Ties rank the higher class index
 * first, as sklearn's reversed stable argsort does; with k >= classes every row is a hit.
 */
function topK(d: ProbabilityData, yTrue: ArrayLike<number>): number {
  const { n, k: classes, probabilities: p } = d;
  if (TOP_K >= classes) return 1;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const start = i * classes;
    const t = yTrue[i]!;
    const st = p[start + t]!;
    let above = 0;
    for (let j = 0; j < classes; j++) {
      const s = p[start + j]!;
      if (s > st || (s === st && j > t)) above++;
    }
    if (above < TOP_K) hits++;
  }
  return hits / n;
}

const probabilistic: Record<string, (d: ProbabilityData, yTrue: ArrayLike<number>) => MetricOutcome> = {
  log_loss: (d, y) => value(logLoss(d, y)),
  roc_auc: rocAuc,
  top_k_accuracy: (d, y) => value(topK(d, y)),
};

export const probabilityMetricNames: readonly string[] = Object.keys(probabilistic);

/** One probability metric (a name from probabilityMetricNames). */
export function computeProbabilityMetric(name: string, input: MetricInput): MetricOutcome {
  const fn = probabilistic[name];
  if (!fn) return refuse(`${name} is not a probability metric`);
  const checked = checkProbabilities(name, input);
  if ('reason' in checked) return refuse(checked.reason);
  return fn(checked, input.yTrue);
}
