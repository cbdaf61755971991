import type { MetricJudgementView } from '../../../src-main/common/schemas/replay';
import { formatDelta, formatMetric, formatTolerance } from './replay-format';

/** Each reported metric beside its replayed value: the difference, the allowed tolerance, and whether it holds. */
export function MetricsTable({ metrics }: { metrics: MetricJudgementView[] }) {
  return (
    <section className="card" aria-labelledby="sec-metrics">
      <h2 id="sec-metrics">Metrics ({metrics.length})</h2>
      {metrics.length === 0 ? (
        <p className="muted">No metric was recomputed.</p>
      ) : (
        <div className="table-wrap">
          <table className="table metrics-table" data-testid="metrics-table">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col" className="num">
                  Reported
                </th>
                <th scope="col" className="num">
                  Replayed
                </th>
                <th scope="col" className="num">
                  Delta
                </th>
                <th scope="col">Tolerance</th>
                <th scope="col">Pass</th>
              </tr>
            </thead>
            <tbody>
              {metrics.map((m) => (
                <tr key={m.name} className={m.pass ? '' : 'row-bad'}>
                  <th scope="row">
                    <code>{m.name}</code>
                  </th>
                  <td className="num" title={m.reported === null ? undefined : String(m.reported)}>
                    {formatMetric(m.reported)}
                  </td>
                  <td className="num" title={m.replayed === null ? undefined : String(m.replayed)}>
                    {formatMetric(m.replayed)}
                  </td>
                  <td className="num" title={m.delta === null ? undefined : String(m.delta)}>
                    {formatDelta(m.delta)}
                  </td>
                  <td>{formatTolerance(m.tolerance)}</td>
                  <td className={m.pass ? 'file-ok' : 'file-bad'}>
                    <span aria-hidden="true">{m.pass ? '✓ ' : '✕ '}</span>
                    {m.pass ? 'Pass' : `Fail: ${m.reason ?? 'outside tolerance'}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
