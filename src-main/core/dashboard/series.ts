import type { RatePoint } from '../../common/schemas/dashboard';

/** Replays per UTC day, as the store groups them: day = YYYY-MM-DD; `replays` are those that ran. */
export interface DayCount {
  day: string;
  replays: number;
  reproduced: number;
  failed: number;
}

const DAY_MS = 86_400_000;
/** Beyond this many days a daily series is too dense to read; weeks it is. */
export const DAILY_SPAN_DAYS = 90;
export const MAX_POINTS = 104;

/** Monday of the ISO week holding `day` (UTC). */
export function weekStart(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(t - weekday * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The success rate over time: per day when the history spans up to 90 days, else per week (Monday first),
 * the latest 104 periods. The rate is over the replays that ran: one that could not run is counted beside it
 * (`failed`), never as not reproduced. Periods without a replay that ran are left out rather than drawn as a
 * zero rate.
 */
export function successRateSeries(days: readonly DayCount[]): {
  granularity: 'day' | 'week';
  points: RatePoint[];
  failed: number;
} {
  const valid = days
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.day) && !Number.isNaN(Date.parse(`${d.day}T00:00:00Z`)))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const first = valid[0];
  const last = valid[valid.length - 1];
  if (!first || !last) return { granularity: 'day', points: [], failed: 0 };
  const span = (Date.parse(`${last.day}T00:00:00Z`) - Date.parse(`${first.day}T00:00:00Z`)) / DAY_MS;
  const granularity = span > DAILY_SPAN_DAYS ? 'week' : 'day';
  const buckets = new Map<string, { replays: number; reproduced: number; failed: number }>();
  for (const d of valid) {
    const period = granularity === 'week' ? weekStart(d.day) : d.day;
    const b = buckets.get(period) ?? { replays: 0, reproduced: 0, failed: 0 };
    b.replays += d.replays;
    b.reproduced += d.reproduced;
    b.failed += d.failed;
    buckets.set(period, b);
  }
  const points = [...buckets]
    .filter(([, b]) => b.replays > 0)
    .map(([period, b]) => ({ period, ...b, rate: b.reproduced / b.replays }))
    .slice(-MAX_POINTS);
  const shown = new Set(points.map((p) => p.period));
  // Failed replays of the periods drawn, and of periods where nothing ran (so none is hidden from the count).
  const failed = [...buckets]
    .filter(([period, b]) => shown.has(period) || b.replays === 0)
    .reduce((n, [, b]) => n + b.failed, 0);
  return { granularity, points, failed };
}

/** Median, 95th percentile (nearest rank) and maximum; null for no values. */
export function percentiles(values: readonly number[]): { median: number; p95: number; max: number } | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, p95: rank(0.95), max: sorted[sorted.length - 1]! };
}
