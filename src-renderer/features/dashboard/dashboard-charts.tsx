import { Bar, BarChart, CartesianGrid, Cell, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Dashboard, ResourcePoint } from '../../../src-main/common/schemas/dashboard';
import { hrefFor } from '../../app/routes';
import { formatBytes, formatDate } from '../../components/format';
import { tooltipStyle } from '../replays/class-scores';
import { replicationLabel, replicationStates } from './replication-labels';
import '../../styles/charts.css';

// Loaded on demand with the charting library: the dashboard's numbers and lists show before these draw.

// Drawn at a likely size on the first pass instead of waiting a frame to measure; resized once measured.
const firstSize = { width: 460, height: 200 };

const go = (href: string) => {
  window.location.hash = href;
};

/** One bar per state; a click opens the bundle list narrowed to that state. */
export function ReplicationChart({ counts }: { counts: Dashboard['replications'] }) {
  const data = replicationStates.map((state) => ({ state, label: replicationLabel[state], count: counts[state] }));
  return (
    <figure className="chart" aria-label="Replications by state, as a bar chart" data-testid="replication-chart">
      <ResponsiveContainer width="100%" height={200} initialDimension={firstSize}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={108} />
          <Tooltip contentStyle={tooltipStyle} cursor={{ fill: 'var(--surface-hover)' }} formatter={(v) => [String(v), 'bundles']} />
          <Bar dataKey="count" isAnimationActive={false} onClick={(_, i) => data[i] && go(hrefFor('bundles', null, { state: data[i].state }))} className="clickable">
            {data.map((d) => (
              <Cell key={d.state} className={`series-state-${d.state}`} fill="currentColor" />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

const percent = (v: unknown) => (typeof v === 'number' ? `${Math.round(v * 100)}%` : String(v));

/** The share of replays that reproduced, per day or week; a click opens the replays list. */
export function SuccessRateChart({ series }: { series: Dashboard['successRate'] }) {
  return (
    <figure className="chart" aria-label={`Share of replays that reproduced, per ${series.granularity}, as a line chart`} data-testid="success-rate-chart">
      <ResponsiveContainer width="100%" height={200} initialDimension={firstSize}>
        <LineChart data={series.points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} onClick={() => go(hrefFor('replays'))} className="clickable">
          <CartesianGrid vertical={false} />
          <XAxis dataKey="period" tickFormatter={(p: string) => p.slice(5)} minTickGap={16} />
          <YAxis domain={[0, 1]} tickFormatter={percent} width={44} />
          <Tooltip
            contentStyle={tooltipStyle}
            labelFormatter={(p) => (series.granularity === 'week' ? `week of ${String(p)}` : String(p))}
            formatter={(v, _name, item) => {
              const point = item.payload as Dashboard['successRate']['points'][number];
              return [`${percent(v)} (${point.reproduced} of ${point.replays})`, 'reproduced'];
            }}
          />
          <Line dataKey="rate" className="series-rate" stroke="currentColor" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Wall time of the latest replays (oldest left), coloured by verdict; peak memory in the tooltip; a click opens the replay. */
export function ResourcesChart({ recent }: { recent: ResourcePoint[] }) {
  const data = recent.map((r) => ({ ...r, seconds: r.durationMs / 1000 }));
  return (
    <figure className="chart" aria-label="Duration of the latest replays, as a bar chart" data-testid="resources-chart">
      <ResponsiveContainer width="100%" height={200} initialDimension={firstSize}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} barCategoryGap="15%">
          <CartesianGrid vertical={false} />
          <XAxis dataKey="startedAt" tickFormatter={(t: string) => t.slice(5, 10)} minTickGap={24} />
          <YAxis tickFormatter={(v: number) => `${Number(v.toPrecision(2))} s`} width={52} />
          <Tooltip
            contentStyle={tooltipStyle}
            cursor={{ fill: 'var(--surface-hover)' }}
            labelFormatter={(_, payload) => {
              const r = payload[0]?.payload as ResourcePoint | undefined;
              return r ? `${r.name} — ${formatDate(r.startedAt)}` : '';
            }}
            formatter={(_v, _n, item) => {
              const r = item.payload as ResourcePoint;
              return [`${(r.durationMs / 1000).toFixed(1)} s wall, ${(r.cpuMs / 1000).toFixed(1)} s CPU, ${formatBytes(r.peakRssBytes)} peak`, r.verdict];
            }}
          />
          <Bar dataKey="seconds" isAnimationActive={false} onClick={(_, i) => data[i] && go(hrefFor('replays', data[i].replayId))} className="clickable">
            {data.map((d) => (
              <Cell key={d.replayId} className={`series-verdict-${d.verdict}`} fill="currentColor" />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
