import { describe, expect, it } from 'vitest';
import {
  formatDelta,
  formatElapsed,
  formatMetric,
  formatRatio,
  formatTolerance,
} from '../../../src-renderer/features/replays/replay-format';

describe('replay number formatting', () => {
  it('shows metrics with six significant digits, tiny ones in short exponent form, missing ones as a dash', () => {
    expect(formatMetric(0.1357988963001221)).toBe('0.135799');
    expect(formatMetric(1)).toBe('1');
    expect(formatMetric(1e-9)).toBe('1e-9');
    expect(formatMetric(-1.5537e-9)).toBe('-1.55e-9');
    expect(formatMetric(null)).toBe('—');
  });

  it('signs deltas so their direction reads at a glance; exact zero has no sign', () => {
    expect(formatDelta(0)).toBe('0');
    expect(formatDelta(0.02)).toBe('+0.02');
    expect(formatDelta(-0.0642011)).toBe('−0.0642');
    expect(formatDelta(2.25e-9)).toBe('+2.25e-9');
    expect(formatDelta(null)).toBe('—');
  });

  it('says tolerances in words: exact, absolute, relative as a percentage of the reported value', () => {
    expect(formatTolerance({ abs: 0, rel: 0 })).toBe('exact');
    expect(formatTolerance({ abs: 1e-9, rel: 0 })).toBe('± 1e-9');
    expect(formatTolerance({ abs: 0, rel: 0.01 })).toBe('± 1 % of reported');
    expect(formatTolerance({ abs: 1e-5, rel: 1e-4 })).toBe('± 1e-5 + 0.01 % of reported');
  });

  it('ratios with three decimals (null: undefined), elapsed in tenths under a minute', () => {
    expect(formatRatio(2 / 3)).toBe('0.667');
    expect(formatRatio(null)).toBe('—');
    expect(formatElapsed(0)).toBe('0.0 s');
    expect(formatElapsed(12_345)).toBe('12.3 s');
    expect(formatElapsed(125_000)).toBe('2 min 5 s');
  });
});
