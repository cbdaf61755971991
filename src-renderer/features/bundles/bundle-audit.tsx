import { hrefFor } from '../../app/routes';
import { formatDate, plural } from '../../components/format';
import { Notice } from '../../components/notice';
import { useCall } from '../../store/use-call';

const LIMIT = 200;

function detailsText(d: Record<string, unknown>): string {
  return Object.entries(d)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('  ');
}

/** The bundle page's Audit tab: the log's entries whose subject is this bundle, newest first. */
export function BundleAudit({ digest }: { digest: string }) {
  const log = useCall('audit:list', { subject: digest, offset: 0, limit: LIMIT });
  const entries = log.data ? [...log.data.entries].sort((a, b) => b.seq - a.seq) : [];
  return (
    <section className="card" aria-labelledby="sec-bundle-audit">
      <h2 id="sec-bundle-audit">Audit</h2>
      <p className="muted">
        What the hash-chained log records about this bundle (entries whose subject is its digest). The whole log, its
        chain check and exports are on the <a href={hrefFor('audit')}>Audit screen</a>.
      </p>
      {log.error ? (
        <Notice tone="error" title="Could not load the audit entries">
          <p>{log.error}</p>
          <button type="button" className="btn btn-small" onClick={log.reload}>
            Retry
          </button>
        </Notice>
      ) : log.loading && !log.data ? (
        <p className="muted">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="muted">No entry names this bundle.</p>
      ) : (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Audit entries of this bundle">
            <table className="table table-compact" data-testid="bundle-audit">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Seq
                  </th>
                  <th scope="col">Time</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.seq}>
                    <td className="num">{e.seq}</td>
                    <td title={e.time}>{formatDate(e.time, true)}</td>
                    <td>{e.actor}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td className="details-cell">{detailsText(e.details)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {log.data && log.data.total > entries.length && (
            <p className="muted">
              The newest {entries.length} of {plural(log.data.total, 'entry', 'entries')}; the Audit screen has them
              all.
            </p>
          )}
        </>
      )}
    </section>
  );
}
