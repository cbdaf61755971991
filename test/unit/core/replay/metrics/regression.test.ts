import { describe, expect, it } from 'vitest';
import { computeMetric, type MetricInput, type MetricOutcome } from '../../../../../src-main/core/replay/metrics';

const input = (yTrue: number[], yPred: number[]): MetricInput => ({
  task: 'regression',
  yTrue: Float64Array.from(yTrue),
  yPred: Float64Array.from(yPred),
});
const valueOf = (o: MetricOutcome): number => {
  if (!o.ok) throw new Error(o.reason);
  return o.value;
};
const reason = (name: string, i: MetricInput): string => {
  const o = computeMetric(name, i);
  if (o.ok) throw new Error(`${name} computed ${o.value}, expected a refusal`);
  return o.reason;
};

describe('regression metrics on a hand-computed case', () => {
  // errors 0, 0, 0, 4; mean of y_true 2.5, SS_tot 5, SS_res 16
  const i = input([1, 2, 3, 4], [1, 2, 3, 8]);
  it.each([
    ['mae', 1],
    ['mse', 4],
    ['rmse', 2],
    ['max_error', 4],
    ['r2', 1 - 16 / 5],
  ])('%s = %d', (name, want) => {
    expect(valueOf(computeMetric(name, i))).toBeCloseTo(want, 15);
  });
});

describe('r2 edge cases follow sklearn (force_finite)', () => {
  it('constant y_true: 1 for perfect predictions, otherwise 0', () => {
    expect(valueOf(computeMetric('r2', input([2, 2, 2], [2, 2, 2])))).toBe(1);
    expect(valueOf(computeMetric('r2', input([2, 2, 2], [2, 2, 3])))).toBe(0);
  });

  it('constant y_true whose numpy mean is an ulp off: the same huge negative number as sklearn', () => {
    // sklearn 1.2.1 gives -5.192296858534822e+29 here (see the reference fixture)
    expect(valueOf(computeMetric('r2', input([0.1, 0.1, 0.1], [0.11, 0.11, 0.11])))).toBe(-5.192296858534822e29);
  });

  it('is refused for a single sample (sklearn returns NaN with a warning)', () => {
    expect(reason('r2', input([1.5], [2]))).toBe('r2 is undefined for fewer than two samples');
    expect(valueOf(computeMetric('mae', input([1.5], [2])))).toBe(0.5);
  });
});

describe('regression metrics refuse bad input with a reason', () => {
  it('length mismatch, empty input, non-finite values', () => {
    expect(reason('mse', input([1, 2], [1]))).toBe('the data has 2 labels but there are 1 predictions');
    expect(reason('mae', input([], []))).toBe('there are no rows to evaluate');
    expect(reason('rmse', input([1, Number.NaN], [1, 2]))).toBe('the target at row 1 is NaN, not a finite number');
    expect(reason('max_error', input([1, 2], [Infinity, 2]))).toBe(
      'the prediction at row 0 is Infinity, not a finite number',
    );
  });
});
