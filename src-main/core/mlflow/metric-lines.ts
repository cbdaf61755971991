import { csvRow } from '../text/csv';
import type { Problem } from '../../common/problem';
import { type MetricPoint, warning } from './mlflow-run';

/**
 * A metric file of MLflow's file store: one line per logged value, `timestamp value step` (older: without step),
 * 3.x logged-model metrics add the run id, and optionally the dataset name and digest. Values are Python floats:
 * `nan`, `inf`, `-inf` included. Malformed lines are reported, never dropped silently.
 */
export function parseMetricFile(
  key: string,
  text: string,
  source: string,
  file: string,
): { points: MetricPoint[]; warnings: Problem[] } {
  const points: MetricPoint[] = [];
  const warnings: Problem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const parts = line.split(/\s+/);
    const ts = Number(parts[0]);
    const value = pythonFloat(parts[1]);
    const step = parts.length >= 3 ? Number(parts[2]) : 0;
    if (
      parts.length < 2 ||
      parts.length === 5 ||
      parts.length > 6 ||
      !Number.isInteger(ts) ||
      value === null ||
      !Number.isInteger(step)
    ) {
      warnings.push(
        warning(
          'mlflow-metric-line',
          `metric "${key}": line ${index + 1} of ${file} is not "timestamp value step": ${JSON.stringify(line.slice(0, 80))}; skipped`,
          { path: file, line: index + 1 },
        ),
      );
      return;
    }
    points.push({
      key,
      value,
      timestamp: ts,
      step,
      source,
      runId: parts[3] ?? null,
      datasetName: parts[4] ?? null,
      datasetDigest: parts[5] ?? null,
    });
  });
  return { points, warnings };
}

/** Python's float() spellings that MLflow writes. */
export function pythonFloat(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.toLowerCase();
  if (t === 'nan' || t === '-nan') return Number.NaN;
  if (t === 'inf' || t === 'infinity' || t === '+inf') return Number.POSITIVE_INFINITY;
  if (t === '-inf' || t === '-infinity') return Number.NEGATIVE_INFINITY;
  const n = Number(text);
  return text.trim() !== '' && !Number.isNaN(n) ? n : null;
}

/**
 * The value MLflow reports as a metric's latest: the greatest (step, timestamp, value), as its stores do
 * (file store: max over that tuple; the database keeps it in latest_metrics). NaN sorts lowest here.
 */
export function latestPoint(points: MetricPoint[]): MetricPoint | null {
  let best: MetricPoint | null = null;
  for (const p of points) {
    if (!best || compare(p, best) > 0) best = p;
  }
  return best;
}

function compare(a: MetricPoint, b: MetricPoint): number {
  if (a.step !== b.step) return a.step - b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp;
  const av = Number.isNaN(a.value) ? -Infinity : a.value;
  const bv = Number.isNaN(b.value) ? -Infinity : b.value;
  return av === bv ? 0 : av > bv ? 1 : -1;
}

/** Latest value per key, with how many points (and exact duplicates) each key had. */
export function latestByKey(
  points: MetricPoint[],
): Map<string, { latest: MetricPoint; count: number; duplicates: number }> {
  const groups = new Map<string, MetricPoint[]>();
  for (const p of points) {
    const list = groups.get(p.key) ?? [];
    list.push(p);
    groups.set(p.key, list);
  }
  const out = new Map<string, { latest: MetricPoint; count: number; duplicates: number }>();
  for (const [key, list] of groups) {
    const seen = new Set(list.map((p) => `${p.timestamp} ${p.step} ${p.value}`));
    out.set(key, { latest: latestPoint(list) as MetricPoint, count: list.length, duplicates: list.length - seen.size });
  }
  return out;
}

/** The full history as CSV (kept in the bundle: the crate reports only the latest value per key). */
export function historyCsv(points: MetricPoint[]): string {
  const row = (fields: Parameters<typeof csvRow>[0]) => csvRow(fields, { eol: '\n' });
  let out = row(['key', 'step', 'timestamp', 'value', 'source', 'run_id', 'dataset_name', 'dataset_digest']);
  const sorted = [...points].sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : a.step - b.step || a.timestamp - b.timestamp,
  );
  // Values are number cells (nan, inf and -inf as MLflow writes them), never neutralised into text.
  for (const p of sorted)
    out += row([p.key, p.step, p.timestamp, p.value, p.source, p.runId, p.datasetName, p.datasetDigest]);
  return out;
}
