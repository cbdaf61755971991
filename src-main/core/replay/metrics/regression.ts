import { npSum } from './summation';
import { checkFinite, checkRows } from './checks';
import { refuse, value, type MetricInput, type MetricOutcome } from './types';

/**
 * Regression metrics as scikit-learn 1.2 computes them for one output: mean_absolute_error,
 * mean_squared_error (and squared=False), r2_score (force_finite) and max_error, with numpy's
 * element-wise operations and summation order.
 */

function squaredErrors(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = yTrue[i]! - yPred[i]!;
    out[i] = d * d;
  }
  return out;
}

function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, n: number): number {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.abs(yPred[i]! - yTrue[i]!);
  return npSum(out) / n;
}

function mse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, n: number): number {
  return npSum(squaredErrors(yTrue, yPred, n)) / n;
}

function maxError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, n: number): number {
  let max = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(yTrue[i]! - yPred[i]!);
    if (d > max) max = d;
  }
  return max;
}

/**
 * 1 - SS_res / SS_tot, where SS_tot is taken about numpy's mean. With a constant y_true, SS_tot is 0
 * (r2 = 1 for perfect predictions, else 0) unless numpy's mean is a hair off the constant: then
 * sklearn returns a huge negative number, and so does this, to stay reproducible.
 */
function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, n: number): MetricOutcome {
  if (n < 2) return refuse('r2 is undefined for fewer than two samples');
  const numerator = npSum(squaredErrors(yTrue, yPred, n));
  const mean = npSum(yTrue) / n;
  const deviations = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = yTrue[i]! - mean;
    deviations[i] = d * d;
  }
  const denominator = npSum(deviations);
  if (numerator === 0) return value(1);
  if (denominator === 0) return value(0);
  return value(1 - numerator / denominator);
}

type Fn = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>, n: number) => MetricOutcome;

const regression: Record<string, Fn> = {
  mae: (t, p, n) => value(mae(t, p, n)),
  mse: (t, p, n) => value(mse(t, p, n)),
  rmse: (t, p, n) => value(Math.sqrt(mse(t, p, n))),
  r2,
  max_error: (t, p, n) => value(maxError(t, p, n)),
};

export const regressionMetricNames: readonly string[] = Object.keys(regression);

/** One regression metric (a name from regressionMetricNames). */
export function computeRegressionMetric(name: string, input: MetricInput): MetricOutcome {
  const fn = regression[name];
  if (!fn) return refuse(`${name} is not a regression metric`);
  const reason =
    checkRows(input.yTrue, input.yPred) ??
    checkFinite(input.yTrue, 'the target') ??
    checkFinite(input.yPred, 'the prediction');
  if (reason) return refuse(reason);
  return fn(input.yTrue, input.yPred, input.yTrue.length);
}
