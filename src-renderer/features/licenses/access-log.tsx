import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { Notice } from '../../components/notice';
import { AccessBadge } from '../../components/license-badge';
import { formatDate } from '../../components/format';
import { hrefFor } from '../../app/routes';
import type { AccessEvent } from '../../../src-main/common/schemas/licenses';
import type { AccessLogFilters } from '../../store/access-slice';

const OUTCOME: Record<AccessEvent['outcome'], { text: string; tone: string }> = {
  allowed: { text: 'Allowed', tone: 'plain' },
  granted: { text: 'Granted', tone: 'ok' },
  override: { text: 'Override', tone: 'warn' },
  refused: { text: 'Refused', tone: 'bad' },
};

/** Every use of data (open, replay, export): who, when, which data set and bundle, and on what terms. */
export function AccessLog() {
  const log = useAppStore((s) => s.accessLog);
  const { loadAccessLog, setAccessLogFilters } = useAppStore.getState();
  const [actor, setActor] = useState(log.filters.actor);
  useEffect(() => {
    void loadAccessLog();
  }, [loadAccessLog]);
  useEffect(() => {
    if (actor === log.filters.actor) return;
    const t = setTimeout(() => setAccessLogFilters({ actor }), 250);
    return () => clearTimeout(t);
  }, [actor, log.filters.actor, setAccessLogFilters]);
  const filtered = log.filters.actor !== '' || log.filters.purpose !== '' || log.filters.outcome !== '';
  return (
    <section className="card" aria-labelledby="sec-access-log">
      <h2 id="sec-access-log">Access log ({log.total})</h2>
      {log.error && (
        <Notice tone="error" title="Could not load the access log">
          <p>{log.error}</p>
        </Notice>
      )}
      {(filtered || log.total > 0) && (
        <form
          className="filters access-filters"
          role="search"
          aria-label="Filter the access log"
          onSubmit={(e) => e.preventDefault()}
        >
          <div className="field">
            <label htmlFor="log-actor">Who</label>
            <input
              id="log-actor"
              className="input"
              placeholder="exact user name"
              value={actor}
              onChange={(e) => setActor(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="log-purpose">What for</label>
            <select
              id="log-purpose"
              className="input"
              value={log.filters.purpose}
              onChange={(e) => setAccessLogFilters({ purpose: e.target.value as AccessLogFilters['purpose'] })}
            >
              <option value="">Any use</option>
              <option value="open">open</option>
              <option value="replay">replay</option>
              <option value="export">export</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="log-outcome">Outcome</label>
            <select
              id="log-outcome"
              className="input"
              value={log.filters.outcome}
              onChange={(e) => setAccessLogFilters({ outcome: e.target.value as AccessLogFilters['outcome'] })}
            >
              <option value="">Any outcome</option>
              {(Object.keys(OUTCOME) as AccessEvent['outcome'][]).map((o) => (
                <option key={o} value={o}>
                  {OUTCOME[o].text}
                </option>
              ))}
            </select>
          </div>
        </form>
      )}
      {log.loaded && log.rows.length === 0 ? (
        <p className="muted">
          {filtered
            ? 'No access event matches these filters.'
            : 'No data has been opened, replayed or exported yet. Each use will be listed here, and refused attempts too.'}
        </p>
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
              {log.rows.map((e) => (
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
                  <td className="small">
                    {e.outcome === 'override' ? `Override: ${e.overrideReason ?? ''}` : e.reason}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {log.total > log.rows.length && (
            <p className="muted small">
              Newest {log.rows.length} of {log.total} shown; the compliance report holds them all.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
