import { npSum } from './summation';
import { refuse, value, type MetricInput, type MetricOutcome } from './types';
import type { Tolerance } from '../verdict';

/**
 * Element-wise comparison of a model's actual output tensor with the expected one (tensor task):
 * max_abs_error and mean_abs_error are sklearn's max_error and mean_absolute_error over the
 * flattened elements. Unlike sklearn, which refuses NaN and infinities, an element that is NaN in
 * both tensors, or the same infinity in both, counts as an exact match (ONNX test outputs hold such
 * values); any other non-finite element makes the comparison fail with its position.
 */

function checkTensors(input: MetricInput): string | null {
  const { expected, yPred: actual } = input;
  if (!expected) return 'the expected output tensor is missing';
  if (expected.length !== actual.length) {
    return `the actual output has ${actual.length} elements but ${expected.length} were expected`;
  }
  if (actual.length === 0) return 'the output tensors are empty';
  return null;
}

/** |actual - expected|, 0 for identical non-finite pairs, NaN where only one side is non-finite. */
function elementError(a: number, e: number): number {
  if (Number.isFinite(a) && Number.isFinite(e)) return Math.abs(a - e);
  return Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)) ? 0 : NaN;
}

function mismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, i: number): MetricOutcome {
  return refuse(`output element ${i} is ${actual[i]} where ${expected[i]} was expected`);
}

function errors(actual: ArrayLike<number>, expected: ArrayLike<number>): Float64Array | MetricOutcome {
  const out = new Float64Array(actual.length);
  for (let i = 0; i < out.length; i++) {
    const d = elementError(actual[i]!, expected[i]!);
    if (Number.isNaN(d)) return mismatch(actual, expected, i);
    out[i] = d;
  }
  return out;
}

const tensor: Record<string, (e: Float64Array) => number> = {
  max_abs_error: (e) => {
    let max = 0;
    for (let i = 0; i < e.length; i++) if (e[i]! > max) max = e[i]!;
    return max;
  },
  mean_abs_error: (e) => npSum(e) / e.length,
};

export const tensorMetricNames: readonly string[] = Object.keys(tensor);

/** One tensor metric (a name from tensorMetricNames); `yPred` holds the actual elements. */
export function computeTensorMetric(name: string, input: MetricInput): MetricOutcome {
  const fn = tensor[name];
  if (!fn) return refuse(`${name} is not a tensor metric`);
  const reason = checkTensors(input);
  if (reason) return refuse(reason);
  const e = errors(input.yPred, input.expected!);
  if (!(e instanceof Float64Array)) return e;
  return value(fn(e));
}

export interface TensorComparison {
  elements: number;
  /** Elements with |actual - expected| > abs + rel·|expected| (a non-finite mismatch always counts). */
  outside: number;
  /** The element furthest outside (or closest to) its allowance; -1 when there are no elements. */
  worstIndex: number;
  worstError: number;
}

/**
 * Every element against the tolerance, as the tensor task asks ("every output element is compared
 * with the metric tolerance of max_abs_error"): the relative part scales with each expected element.
 */
export function compareTensorElements(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
): TensorComparison | { reason: string } {
  const reason = checkTensors({ task: 'tensor', yTrue: [], yPred: actual, expected });
  if (reason) return { reason };
  const abs = tolerance.abs ?? 0;
  const rel = tolerance.rel ?? 0;
  let outside = 0;
  let worstIndex = -1;
  let worstExcess = -Infinity;
  let worstError = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i]!;
    const d = elementError(actual[i]!, e);
    const excess = Number.isNaN(d) ? Infinity : d - (abs + rel * Math.abs(e));
    if (excess > 0) outside++;
    if (excess > worstExcess) {
      worstExcess = excess;
      worstIndex = i;
      worstError = Number.isNaN(d) ? Infinity : d;
    }
  }
  return { elements: actual.length, outside, worstIndex, worstError };
}
