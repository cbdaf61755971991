/** Display formatting for replay numbers only; every value shown was computed by the core. */

/** A metric value: six significant digits, exponent form when tiny. */
export function formatMetric(v: number | null): string {
  if (v === null) return '—';
  if (v === 0 || Number.isInteger(v)) return String(v);
  if (Math.abs(v) < 1e-4) return v.toExponential(2);
  return String(Number(v.toPrecision(6)));
}

/** A signed difference, so "+0.002" and "−0.002" read apart; exact zero is "0". */
export function formatDelta(v: number | null): string {
  if (v === null) return '—';
  if (v === 0) return '0';
  const text = Math.abs(v) < 1e-3 ? Math.abs(v).toExponential(2) : String(Number(Math.abs(v).toPrecision(4)));
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
