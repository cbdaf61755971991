import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Dashboard } from '../../../src-main/common/schemas/dashboard';
import { useAppStore } from '../../store/app-store';
import { hrefFor } from '../../app/routes';
import { Notice } from '../../components/notice';
import { formatBytes, formatDate, formatMillis, plural } from '../../components/format';
import { replicationLabel, replicationMeaning, replicationStates } from './replication-labels';
import { replicationWords, toneColour } from '../../components/states';
import { ApprovalsCard, DriftCard, LicenseAlertsCard } from './dashboard-lists';
import { Card } from './dash-card';
import '../../styles/dashboard.css';

// The charting library is loaded on demand, fetched while the figures are computed. Not React.lazy: a lazy
// component suspends once even when its code is already here, and React holds a revealed Suspense boundary
// back for a few hundred milliseconds; a module in state draws as soon as both code and figures are in.
type ChartsModule = typeof import('./dashboard-charts');
const loadCharts = () => import('./dashboard-charts');
const ChartsContext = createContext<ChartsModule | null>(null);
const chartSpace = <div className="chart-space" aria-hidden="true" />;

/** Draws `render(charts)` once the charting code has arrived; the space it will take until then. */
function Chart({ render }: { render(charts: ChartsModule): ReactNode }) {
  const charts = useContext(ChartsContext);
  return charts ? render(charts) : chartSpace;
}

function Tile({
  href,
  value,
  label,
  tone,
  detail,
}: {
  href: string;
  value: number;
  label: string;
  tone?: 'warn' | 'bad' | 'ok';
  detail?: string;
}) {
  return (
    <a className={`dash-tile ${tone ? `dash-tile-${tone}` : ''}`} href={href}>
      <span className="dash-tile-value">{value.toLocaleString()}</span>
      <span className="dash-tile-label">{label}</span>
      {detail && <span className="dash-tile-detail">{detail}</span>}
    </a>
  );
}

function Replications({ d }: { d: Dashboard }) {
  return (
    <Card title="Replications by state" action={<a href={hrefFor('bundles')}>All bundles →</a>}>
      {d.totals.bundles > 0 && <Chart render={(c) => <c.ReplicationChart counts={d.replications} />} />}
      <ul className="dash-states" aria-label="Bundles in each replication state">
        {replicationStates.map((s) => (
          <li key={s}>
            <a href={hrefFor('bundles', null, { state: s })} title={replicationMeaning[s]}>
              <span className="swatch" style={{ color: toneColour[replicationWords[s].tone] }} aria-hidden="true" />
              {replicationLabel[s]}
              <strong>{d.replications[s].toLocaleString()}</strong>
            </a>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function SuccessRate({ d }: { d: Dashboard }) {
  const points = d.successRate.points;
  const replays = points.reduce((n, p) => n + p.replays, 0);
  const reproduced = points.reduce((n, p) => n + p.reproduced, 0);
  return (
    <Card title="Success rate over time" action={<a href={hrefFor('replays')}>All replays →</a>}>
      {points.length === 0 ? (
        <p className="muted">
          {d.successRate.failed > 0
            ? `No replay has run yet: ${plural(d.successRate.failed, 'replay')} could not run. Their pages say why.`
            : 'No replay yet: replay a bundle from its page to see how often results hold.'}
        </p>
      ) : (
        <>
          <p className="dash-summary">
            <strong>{Math.round((reproduced / replays) * 100)}%</strong> of {plural(replays, 'replay')} that ran
            reproduced the reported metrics, per {d.successRate.granularity}.
            {d.successRate.failed > 0 && (
              <>
                {' '}
                {plural(d.successRate.failed, 'replay')} could not run and are not counted: they say nothing about the
                result.
              </>
            )}
          </p>
          <Chart render={(c) => <c.SuccessRateChart series={d.successRate} />} />
        </>
      )}
    </Card>
  );
}

function Resources({ d }: { d: Dashboard }) {
  const r = d.resources;
  return (
    <Card title="Replay durations and resources" action={<a href={hrefFor('replays')}>All replays →</a>}>
      {r.recent.length === 0 || !r.durationMs || !r.cpuMs || !r.peakRssBytes ? (
        <p className="muted">Durations, CPU time and peak memory appear here once bundles are replayed.</p>
      ) : (
        <>
          <table className="dash-percentiles">
            <caption className="visually-hidden">Over all {plural(d.totals.replays, 'replay')}</caption>
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">Median</th>
                <th scope="col">95th percentile</th>
                <th scope="col">Largest</th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['Wall time', r.durationMs, formatMillis],
                  ['CPU time', r.cpuMs, formatMillis],
                  ['Peak memory', r.peakRssBytes, formatBytes],
                ] as const
              ).map(([label, p, format]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{format(p.median)}</td>
                  <td>{format(p.p95)}</td>
                  <td>{format(p.max)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            The latest {plural(r.recent.length, 'replay')}, oldest first; a bar opens its result.
          </p>
          <Chart render={(c) => <c.ResourcesChart recent={r.recent} />} />
        </>
      )}
    </Card>
  );
}

/** The first screen once the store has content: where every replication stands and what needs someone. */
export function DashboardPage() {
  const { data, loading, error } = useAppStore((s) => s.dashboard);
  const loadDashboard = useAppStore((s) => s.loadDashboard);
  const [charts, setCharts] = useState<ChartsModule | null>(null);
  useEffect(() => {
    void loadDashboard();
    let live = true;
    loadCharts().then(
      (m) => live && setCharts(m),
      () => undefined, // without the charting code the figures and lists still stand; the chart spaces stay empty
    );
    return () => {
      live = false;
    };
  }, [loadDashboard]);

  const licenseAlerts = data
    ? data.licenses.denied +
      data.licenses.needsReview +
      data.licenses.expiringGrants.length +
      data.licenses.refusedAccess
    : 0;
  return (
    <div className="page dashboard" aria-busy={loading}>
      <div className="page-head">
        <h1>Dashboard</h1>
        {data && <span className="page-count">as of {formatDate(data.generatedAt, true)}</span>}
        <button type="button" className="btn btn-small" onClick={() => void loadDashboard()} disabled={loading}>
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {error && (
        <Notice tone="error" title="Could not load the dashboard">
          <p>{error}</p>
          {data && <p>The figures below are from {formatDate(data.generatedAt, true)}.</p>}
        </Notice>
      )}
      {data && (
        <ChartsContext.Provider value={charts}>
          <nav className="dash-tiles" aria-label="At a glance">
            <Tile
              href={hrefFor('bundles')}
              value={data.totals.bundles}
              label={data.totals.bundles === 1 ? 'bundle' : 'bundles'}
            />
            <Tile
              href={hrefFor('replays')}
              value={data.totals.replays}
              label={data.totals.replays === 1 ? 'replay' : 'replays'}
            />
            <Tile
              href={hrefFor('approvals')}
              value={data.approvals.waiting}
              label={data.approvals.identity ? 'waiting for you' : 'waiting for a decision'}
              tone={data.approvals.ownerRequired > 0 ? 'warn' : undefined}
              {...(data.approvals.ownerRequired > 0
                ? { detail: `${data.approvals.ownerRequired} need you as module owner` }
                : {})}
            />
            <Tile
              href={hrefFor('licenses')}
              value={licenseAlerts}
              label={licenseAlerts === 1 ? 'license or access alert' : 'license and access alerts'}
              tone={data.licenses.denied > 0 ? 'bad' : licenseAlerts > 0 ? 'warn' : undefined}
            />
            <Tile
              href={data.drift.latest[0] ? hrefFor('bundles', data.drift.latest[0].bundleDigest) : hrefFor('bundles')}
              value={data.drift.open}
              label={data.drift.open === 1 ? 'open drift alert' : 'open drift alerts'}
              tone={data.drift.open > 0 ? 'warn' : undefined}
              detail={`${data.drift.total} raised in all`}
            />
          </nav>
          <div className="dash-grid">
            <Replications d={data} />
            <SuccessRate d={data} />
            <Resources d={data} />
            <ApprovalsCard approvals={data.approvals} />
            <LicenseAlertsCard licenses={data.licenses} />
            <DriftCard drift={data.drift} />
          </div>
        </ChartsContext.Provider>
      )}
    </div>
  );
}
