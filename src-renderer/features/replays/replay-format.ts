/** Display formatting for replay numbers only; every value shown was computed by the core. */

/** A metric value: six significant digits, exponent form when tiny. */
export function formatMetric(v: number | null): string {
  if (v === null) return '—';
  if (v === 0 || Number.isInteger(v)) return String(v);
  if (Math.abs(v) < 1e-4) return Number(v.toPrecision(3)).toExponential(); // 1e-9, 1.55e-9
  return String(Number(v.toPrecision(6)));
}

/** A signed difference, so "+0.002" and "−0.002" read apart; exact zero is "0". */
export function formatDelta(v: number | null): string {
  if (v === null) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a < 1e-3 ? Number(a.toPrecision(3)).toExponential() : String(Number(a.toPrecision(4)));
  return v > 0 ? `+${text}` : `−${text}`;
}

/** `abs 1e-5 + rel 1e-4` as a person reads it: "exact", "± 1e-5", "± 1e-5 + 0.01 % of reported". */
export function formatTolerance(t: { abs: number; rel: number }): string {
  if (t.abs === 0 && t.rel === 0) return 'exact';
  const parts: string[] = [];
  if (t.abs > 0) parts.push(`± ${formatMetric(t.abs)}`);
  if (t.rel > 0) parts.push(`${t.abs > 0 ? '+ ' : '± '}${formatMetric(t.rel * 100)} % of reported`);
  return parts.join(' ');
}

export function formatRatio(v: number | null): string {
  return v === null ? '—' : v.toFixed(3);
}

export function formatRowsPerSec(v: number): string {
  return v > 0 ? `${Math.round(v).toLocaleString()} rows/s` : '— rows/s';
}

/** Elapsed time while a replay runs: tenths of a second at first, so the line visibly moves. */
export function formatElapsed(ms: number): string {
  if (!(ms >= 0)) return '—';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
