import { describe, expect, it } from 'vitest';
import { compareValues } from '../../../../src-main/core/replay/recorded-predictions';
import { MAX_DISAGREEMENTS } from '../../../../src-main/core/replay/diagnostics';

describe('compareValues (regression predictions)', () => {
  it('counts values outside float32 noise and lists those rows (from 1) with the true value', () => {
    const out = compareValues(
      ['1.0000001', '2', 'x'],
      Float64Array.from([1, 2.5, 3]),
      Float64Array.from([0.9, 2.4, 3.1]),
    );
    expect(out.rows).toBe(3);
    expect(out.disagreements).toBe(2);
    expect(out.disagreeing).toEqual([
      { row: 2, recorded: '2', replayed: 2.5, label: 2.4 },
      { row: 3, recorded: 'x', replayed: 3, label: 3.1 },
    ]);
  });

  it('keeps only the first rows that disagree, but counts them all', () => {
    const n = MAX_DISAGREEMENTS + 10;
    const out = compareValues(new Array<unknown>(n).fill(0), new Float64Array(n).fill(1), new Float64Array(n));
    expect(out.disagreements).toBe(n);
    expect(out.disagreeing).toHaveLength(MAX_DISAGREEMENTS);
    expect(out.disagreeing.at(-1)!.row).toBe(MAX_DISAGREEMENTS);
  });
});
