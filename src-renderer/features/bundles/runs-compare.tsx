import { lazy, Suspense, useId, useMemo, useState } from 'react';
import type { ListedBundle } from '../../../src-main/common/schemas/run-table';
import { compareHref, hrefFor } from '../../app/routes';
import '../../styles/run-table.css';
import { runLabel } from '../../components/run-labels';
import { formatMetric } from './run-table-columns';

const MetricBars = lazy(() => import('./runs-compare-chart').then((m) => ({ default: m.MetricBars })));

export interface ComparedRun {
  digest: string;
  label: string;
  metrics: Record<string, number>;
  params: Record<string, unknown>;
}

export interface RunComparison {
  metrics: { name: string; values: (number | null)[]; deltas: (number | null)[] }[];
  params: { name: string; values: (string | null)[]; differs: boolean }[];
}

const showParam = (v: unknown) => (v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * Every metric of the runs with each run's difference from the first (the baseline); parameters, differing ones first.
 */
export function compareRuns(runs: readonly ComparedRun[]): RunComparison {
  const metricNames = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  const paramNames = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  const base = runs[0];
  const metrics = metricNames.map((name) => {
    const values = runs.map((r) => r.metrics[name] ?? null);
    const b = base?.metrics[name];
    return { name, values, deltas: values.map((v, i) => (i === 0 || v === null || b === undefined ? null : v - b)) };
  });
  const params = paramNames
    .map((name) => {
      const values = runs.map((r) => showParam(r.params[name]));
      return { name, values, differs: new Set(values).size > 1 };
    })
    .sort((a, b) => Number(b.differs) - Number(a.differs));
  return { metrics, params };
}

const signed = (d: number) => (d > 0 ? `+${formatMetric(d)}` : d < 0 ? `−${formatMetric(-d)}` : '±0');

/** Two or more ticked runs side by side: metric values with deltas against the first, a bar chart, the parameters. */
export function RunsCompare({
  rows,
  selection,
  suffixes,
  onClear,
}: {
  rows: ListedBundle[];
  selection: string[];
  suffixes: Map<string, string>;
  onClear(): void;
}) {
  const byDigest = useMemo(() => new Map(rows.map((b) => [b.bundleDigest, b])), [rows]);
  const runs: ComparedRun[] = selection.flatMap((d) => {
    const b = byDigest.get(d);
    return b
      ? [
          {
            digest: d,
            label: runLabel(b.name, suffixes.get(d)),
            metrics: b.run?.metrics ?? {},
            params: b.run?.params ?? {},
          },
        ]
      : [];
  });
  const hidden = selection.length - runs.length;
  const cmp = useMemo(() => compareRuns(runs), [runs]);
  const [metric, setMetric] = useState<string | null>(null);
  const chosen = metric && cmp.metrics.some((m) => m.name === metric) ? metric : (cmp.metrics[0]?.name ?? null);
  const id = useId();
  const [onlyDiffering, setOnlyDiffering] = useState(true);
  const params = onlyDiffering ? cmp.params.filter((p) => p.differs) : cmp.params;

  return (
    <section className="runs-compare card" aria-labelledby={`${id}-title`} data-testid="runs-compare">
      <div className="runs-compare-head">
        <h2 id={`${id}-title`}>Comparing {runs.length} runs</h2>
        <span className="muted small">Δ against the first ticked: {runs[0]?.label}</span>
        {runs.length === 2 && (
          <a className="btn btn-small" href={compareHref(runs[0]!.digest, runs[1]!.digest)}>
            Full comparison
          </a>
        )}
        <button type="button" className="btn btn-small" onClick={onClear}>
          Clear selection
        </button>
      </div>
      {hidden > 0 && (
        <p className="muted small">
          {hidden === 1 ? 'One ticked run is' : `${hidden} ticked runs are`} outside the current search or filters.
        </p>
      )}
      <div className="runs-compare-body">
        <div
          className="table-wrap runs-compare-table"
          tabIndex={0}
          role="region"
          aria-label="Metrics and parameters of the compared runs"
        >
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                {runs.map((r, i) => (
                  <th scope="col" key={r.digest} colSpan={i === 0 ? 1 : 2} className="num">
                    <a href={hrefFor('bundles', r.digest)}>{r.label}</a>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {cmp.metrics.length === 0 && (
                <tr>
                  <td colSpan={runs.length * 2} className="muted">
                    None of these runs declares a metric.
                  </td>
                </tr>
              )}
              {cmp.metrics.map((m) => (
                <tr key={m.name}>
                  <th scope="row">{m.name}</th>
                  {m.values.map((v, i) => [
                    <td key={`v${i}`} className="num" title={v === null ? 'not recorded' : String(v)}>
                      {formatMetric(v)}
                    </td>,
                    i > 0 ? (
                      <td
                        key={`d${i}`}
                        className={`num delta ${m.deltas[i] === null ? '' : m.deltas[i]! > 0 ? 'delta-up' : m.deltas[i]! < 0 ? 'delta-down' : ''}`}
                      >
                        {m.deltas[i] === null ? (
                          ''
                        ) : (
                          <span aria-label={`difference ${signed(m.deltas[i]!)}`}>Δ {signed(m.deltas[i]!)}</span>
                        )}
                      </td>
                    ) : null,
                  ])}
                </tr>
              ))}
            </tbody>
            {cmp.params.length > 0 && (
              <tbody>
                <tr>
                  <th scope="col" colSpan={runs.length * 2}>
                    Parameters{' '}
                    <label className="small muted">
                      <input
                        type="checkbox"
                        checked={onlyDiffering}
                        onChange={(e) => setOnlyDiffering(e.target.checked)}
                      />{' '}
                      only those that differ
                    </label>
                  </th>
                </tr>
                {params.map((p) => (
                  <tr key={p.name} className={p.differs ? 'param-differs' : ''}>
                    <th scope="row">{p.name}</th>
                    {p.values.map((v, i) => (
                      <td key={i} colSpan={i === 0 ? 1 : 2} className="num">
                        {v ?? '—'}
                      </td>
                    ))}
                  </tr>
                ))}
                {params.length === 0 && (
                  <tr>
                    <td colSpan={runs.length * 2} className="muted">
                      Every parameter is the same.
                    </td>
                  </tr>
                )}
              </tbody>
            )}
          </table>
        </div>
        {chosen && (
          <div className="runs-compare-chart">
            <label htmlFor={`${id}-metric`} className="small">
              Chart
            </label>{' '}
            <select
              id={`${id}-metric`}
              className="input input-small"
              value={chosen}
              onChange={(e) => setMetric(e.target.value)}
            >
              {cmp.metrics.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name}
                </option>
              ))}
            </select>
            <Suspense fallback={<div className="chart-placeholder" aria-busy="true" />}>
              <MetricBars
                metric={chosen}
                bars={runs.map((r) => ({ label: r.label, value: r.metrics[chosen] ?? null }))}
              />
            </Suspense>
          </div>
        )}
      </div>
    </section>
  );
}
