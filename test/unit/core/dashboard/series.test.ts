import { describe, expect, it } from 'vitest';
import { percentiles, successRateSeries, weekStart } from '../../../../src-main/core/dashboard/series';

describe('successRateSeries', () => {
  it('is daily over a short history, leaving out days without replays', () => {
    const s = successRateSeries([
      { day: '2026-03-02', replays: 4, reproduced: 3, failed: 0 },
      { day: '2026-03-01', replays: 2, reproduced: 2, failed: 0 },
      { day: '2026-03-05', replays: 1, reproduced: 0, failed: 0 },
    ]);
    expect(s.granularity).toBe('day');
    expect(s.points).toEqual([
      { period: '2026-03-01', replays: 2, reproduced: 2, failed: 0, rate: 1 },
      { period: '2026-03-02', replays: 4, reproduced: 3, failed: 0, rate: 0.75 },
      { period: '2026-03-05', replays: 1, reproduced: 0, failed: 0, rate: 0 },
    ]);
  });

  it('switches to ISO weeks (Monday first) beyond 90 days, summing the days of each week', () => {
    const s = successRateSeries([
      { day: '2026-01-01', replays: 1, reproduced: 1, failed: 0 }, // Thursday → week of Monday 2025-12-29
      { day: '2026-01-04', replays: 3, reproduced: 1, failed: 0 }, // Sunday, same week
      { day: '2026-04-06', replays: 2, reproduced: 2, failed: 0 }, // a Monday
    ]);
    expect(s.granularity).toBe('week');
    expect(s.points).toEqual([
      { period: '2025-12-29', replays: 4, reproduced: 2, failed: 0, rate: 0.5 },
      { period: '2026-04-06', replays: 2, reproduced: 2, failed: 0, rate: 1 },
    ]);
  });

  it('keeps the latest 104 periods and ignores malformed days', () => {
    const days = Array.from({ length: 400 }, (_, i) => ({
      day: new Date(Date.UTC(2024, 0, 1) + i * 7 * 86_400_000).toISOString().slice(0, 10),
      replays: 1,
      reproduced: 1,
      failed: 0,
    }));
    const s = successRateSeries([
      ...days,
      { day: 'not a day', replays: 9, reproduced: 0, failed: 0 },
      { day: '2026-13-45', replays: 9, reproduced: 0, failed: 0 },
    ]);
    expect(s.points).toHaveLength(104);
    expect(s.points.at(-1)!.period).toBe(weekStart(days.at(-1)!.day));
    expect(successRateSeries([])).toEqual({ granularity: 'day', points: [], failed: 0 });
  });

  it('rates only the replays that ran, counting those that could not run beside it', () => {
    const s = successRateSeries([
      { day: '2026-03-01', replays: 2, reproduced: 1, failed: 3 },
      { day: '2026-03-02', replays: 0, reproduced: 0, failed: 2 }, // nothing ran: no rate, still counted
    ]);
    expect(s.points).toEqual([{ period: '2026-03-01', replays: 2, reproduced: 1, failed: 3, rate: 0.5 }]);
    expect(s.failed).toBe(5);
  });

  it('weekStart gives the Monday of the week', () => {
    expect(weekStart('2026-11-26')).toBe('2026-11-23'); // a Thursday
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(weekStart('2026-11-29')).toBe('2026-11-23'); // Sunday
  });
});

describe('percentiles', () => {
  it('gives median, nearest-rank p95 and max; null for nothing', () => {
    expect(percentiles([])).toBeNull();
    expect(percentiles([7])).toEqual({ median: 7, p95: 7, max: 7 });
    expect(percentiles([4, 1, 3, 2])).toEqual({ median: 2.5, p95: 4, max: 4 });
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    expect(percentiles(hundred)).toEqual({ median: 50.5, p95: 95, max: 100 });
  });
});
