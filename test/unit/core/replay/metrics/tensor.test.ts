import { describe, expect, it } from 'vitest';
import { compareTensorElements, computeMetric, type MetricInput } from '../../../../../src-main/core/replay/metrics';

const input = (actual: number[], expected?: number[]): MetricInput => ({
  task: 'tensor',
  yTrue: [],
  yPred: Float32Array.from(actual),
  ...(expected ? { expected: Float32Array.from(expected) } : {}),
});

describe('tensor metrics', () => {
  it('max and mean absolute error over the elements', () => {
    const i = input([1.5, 2, 2], [1, 2, 3]);
    expect(computeMetric('max_abs_error', i)).toEqual({ ok: true, value: 1 });
    expect(computeMetric('mean_abs_error', i)).toEqual({ ok: true, value: 0.5 });
  });

  it('counts NaN against NaN and equal infinities as exact matches', () => {
    const i = input([Number.NaN, Infinity, -Infinity, 1], [Number.NaN, Infinity, -Infinity, 1.25]);
    expect(computeMetric('max_abs_error', i)).toEqual({ ok: true, value: 0.25 });
    expect(computeMetric('mean_abs_error', i)).toEqual({ ok: true, value: 0.0625 });
  });

  it('refuses a non-finite mismatch, naming the element', () => {
    expect(computeMetric('max_abs_error', input([1, Number.NaN], [1, 2]))).toEqual({
      ok: false,
      reason: 'output element 1 is NaN where 2 was expected',
    });
    expect(computeMetric('mean_abs_error', input([Infinity], [-Infinity]))).toEqual({
      ok: false,
      reason: 'output element 0 is Infinity where -Infinity was expected',
    });
  });

  it('refuses missing, mismatched or empty tensors', () => {
    expect(computeMetric('max_abs_error', input([1]))).toEqual({
      ok: false,
      reason: 'the expected output tensor is missing',
    });
    expect(computeMetric('max_abs_error', input([1, 2], [1]))).toEqual({
      ok: false,
      reason: 'the actual output has 2 elements but 1 were expected',
    });
    expect(computeMetric('mean_abs_error', input([], []))).toEqual({
      ok: false,
      reason: 'the output tensors are empty',
    });
  });
});

describe('compareTensorElements', () => {
  it('judges each element against abs + rel·|expected| and reports the worst', () => {
    // allowed 0.11, 0.2, 1.1
    const r = compareTensorElements([1.05, 10.5, 100.5], [1, 10, 100], { abs: 0.1, rel: 0.01 });
    expect(r).toEqual({ elements: 3, outside: 1, worstIndex: 1, worstError: 0.5 });
    expect(compareTensorElements([1, 2], [1, 2], {})).toEqual({
      elements: 2,
      outside: 0,
      worstIndex: 0,
      worstError: 0,
    });
  });

  it('counts a non-finite mismatch as outside with an infinite error', () => {
    expect(compareTensorElements([1, Number.NaN], [1, 2], { abs: 1 })).toEqual({
      elements: 2,
      outside: 1,
      worstIndex: 1,
      worstError: Infinity,
    });
  });

  it('refuses tensors of different sizes', () => {
    expect(compareTensorElements([1], [1, 2], {})).toEqual({
      reason: 'the actual output has 1 elements but 2 were expected',
    });
  });
});
