import { describe, expect, it } from 'vitest';
import { npMean, npSum } from '../../../../../src-main/core/replay/metrics/summation';

// Bit-for-bit agreement with numpy is checked against the sklearn reference fixture; these pin the order itself.
describe('npSum', () => {
  it('adds fewer than 8 values left to right', () => {
    expect(npSum([1e16, 1, 1, -1e16])).toBe(0); // (1e16 + 1) + 1 rounds back to 1e16 twice
  });

  it('uses eight accumulators from 8 values on', () => {
    // accumulator 0 gets 1e16 then -1e16 (exactly 0); accumulator 1 gets 1 + 1: total 2, where left to right gives 1
    const a = [1e16, 1, 0, 0, 0, 0, 0, 0, -1e16, 1, 0, 0, 0, 0, 0, 0];
    expect(npSum(a)).toBe(2);
  });

  it('splits long sums pairwise, staying accurate where a running sum drifts', () => {
    const a = new Float64Array(1_000_000).fill(0.1);
    let running = 0;
    for (const x of a) running += x;
    expect(Math.abs(npSum(a) - 100_000)).toBeLessThan(1e-9);
    expect(Math.abs(running - 100_000)).toBeGreaterThan(1e-7);
    expect(npSum(a, 10, 5)).toBe(0.1 + 0.1 + 0.1 + 0.1 + 0.1);
    expect(npMean(Float64Array.of(1, 2, 3, 4))).toBe(2.5);
  });
});
