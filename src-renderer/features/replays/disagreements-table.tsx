import type { DisagreementRowView, ReplayOutcomeView } from '../../../src-main/common/schemas/replay';
import { plural } from '../../components/format';

function cell(v: DisagreementRowView['recorded']): string {
  if (v === null) return '—';
  return typeof v === 'number' ? String(Number(v.toPrecision(8))) : v;
}

/** Where the replay and the run's recorded predictions part: the failure modes, row by row (the first 50). */
export function DisagreementsTable({
  predictions,
  rows,
}: {
  predictions: ReplayOutcomeView['predictions'];
  rows: DisagreementRowView[];
}) {
  return (
    <section className="card" aria-labelledby="sec-disagree">
      <h2 id="sec-disagree">Recorded predictions</h2>
      {!predictions ? (
        <p className="muted">The bundle recorded no predictions, so only the metrics were compared.</p>
      ) : predictions.disagreements === 0 ? (
        <p>
          <span className="file-ok">
            <span aria-hidden="true">✓ </span>All {plural(predictions.rows, 'recorded prediction')} agree
          </span>{' '}
          with the replay.
        </p>
      ) : (
        <>
          <p>
            <span className="file-bad">
              <span aria-hidden="true">✕ </span>
              {predictions.disagreements.toLocaleString()} of {plural(predictions.rows, 'recorded prediction')} disagree
            </span>
            {rows.length < predictions.disagreements && (
              <span className="muted"> (the first {rows.length} are listed)</span>
            )}
            .
          </p>
          {rows.length > 0 && (
            <div className="table-wrap">
              <table className="table disagreements-table" data-testid="disagreements">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Row
                    </th>
                    <th scope="col">True label</th>
                    <th scope="col">Recorded</th>
                    <th scope="col">Replayed</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.row}>
                      <td className="num">{r.row.toLocaleString()}</td>
                      <td>{cell(r.label)}</td>
                      <td>{cell(r.recorded)}</td>
                      <td>{cell(r.replayed)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
