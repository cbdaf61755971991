import { useEffect } from 'react';
import { useAppStore } from '../../store/app-store';
import { Notice } from '../../components/notice';
import { AccessBadge } from '../../components/license-badge';
import { formatDate } from '../../components/format';
import { hrefFor } from '../../app/routes';
import type { AccessEvent } from '../../../src-main/common/schemas/licenses';

const OUTCOME: Record<AccessEvent['outcome'], { text: string; tone: string }> = {
  allowed: { text: 'Allowed', tone: 'plain' },
  granted: { text: 'Granted', tone: 'ok' },
  override: { text: 'Override', tone: 'warn' },
  refused: { text: 'Refused', tone: 'bad' },
};

/** Every use of data (open, replay, export): who, when, which data set and bundle, and on what terms. */
export function AccessLog() {
  const log = useAppStore((s) => s.accessLog);
  const loadAccessLog = useAppStore((s) => s.loadAccessLog);
  useEffect(() => {
    void loadAccessLog();
  }, [loadAccessLog]);
  return (
    <section className="card" aria-labelledby="sec-access-log">
      <h2 id="sec-access-log">Access log ({log.total})</h2>
      {log.error && (
        <Notice tone="error" title="Could not load the access log">
          <p>{log.error}</p>
        </Notice>
      )}
      {log.loaded && log.events.length === 0 ? (
        <p className="muted">No data has been opened, replayed or exported yet. Each use will be listed here, and refused attempts too.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Access events">
            <thead>
              <tr>
                <th>Time</th>
                <th>Who</th>
                <th>What for</th>
                <th>Outcome</th>
                <th>Data set</th>
                <th>Bundle</th>
                <th>Terms</th>
              </tr>
            </thead>
            <tbody>
              {log.events.map((e) => (
                <tr key={e.id}>
                  <td title={e.time}>{formatDate(e.time, true)}</td>
                  <td>{e.actor}</td>
                  <td>{e.purpose}</td>
                  <td>
                    <span className={`badge badge-tone-${OUTCOME[e.outcome].tone}`}>{OUTCOME[e.outcome].text}</span>
                  </td>
                  <td>
                    <code>{e.datasetPath}</code> <AccessBadge value={e.classification} />
                  </td>
                  <td>
                    <a href={hrefFor('bundles', e.bundleDigest)}>{e.bundleName ?? e.bundleDigest.slice(0, 12)}</a>
                  </td>
                  <td className="small">{e.outcome === 'override' ? `Override: ${e.overrideReason ?? ''}` : e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {log.total > log.events.length && <p className="muted small">Newest {log.events.length} of {log.total} shown; the compliance report holds them all.</p>}
        </div>
      )}
    </section>
  );
}
