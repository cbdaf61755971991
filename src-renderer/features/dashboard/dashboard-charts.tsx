import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Dashboard, ResourcePoint } from '../../../src-main/common/schemas/dashboard';
import { hrefFor } from '../../app/routes';
import { formatBytes, formatDate } from '../../components/format';
import { tooltipStyle } from '../replays/class-scores';
import { replicationLabel, replicationStates } from './replication-labels';
import { replicationWords, toneColour, verdictWords } from '../../components/states';
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
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 18, left: 8 }}>
          <CartesianGrid horizontal={false} />
          <XAxis
            type="number"
            allowDecimals={false}
            label={{ value: 'bundles', position: 'insideBottom', offset: -12, className: 'chart-axis-label' }}
          />
          <YAxis type="category" dataKey="label" width={108} />
          <Tooltip
            contentStyle={tooltipStyle}
            cursor={{ fill: 'var(--surface-hover)' }}
            formatter={(v) => [String(v), 'bundles']}
          />
          <Bar
            dataKey="count"
            isAnimationActive={false}
            onClick={(_, i) => data[i] && go(hrefFor('bundles', null, { state: data[i].state }))}
            className="clickable"
          >
            {data.map((d) => (
              <Cell key={d.state} fill={toneColour[replicationWords[d.state].tone]} />
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
    <figure
      className="chart"
      aria-label={`Share of replays that reproduced, per ${series.granularity}, as a line chart`}
      data-testid="success-rate-chart"
    >
      <ResponsiveContainer width="100%" height={200} initialDimension={firstSize}>
        <LineChart
          data={series.points}
          margin={{ top: 8, right: 16, bottom: 18, left: 8 }}
          onClick={() => go(hrefFor('replays'))}
          className="clickable"
        >
          <CartesianGrid vertical={false} />
          <XAxis
            dataKey="period"
            tickFormatter={(p: string) => p.slice(5)}
            minTickGap={16}
            label={{
              value: series.granularity === 'week' ? 'week starting (month-day, UTC)' : 'day (month-day, UTC)',
              position: 'insideBottom',
              offset: -12,
              className: 'chart-axis-label',
            }}
          />
          <YAxis
            domain={[0, 1]}
            tickFormatter={percent}
            width={52}
            label={{
              value: 'reproduced',
              angle: -90,
              position: 'insideLeft',
              offset: 4,
              className: 'chart-axis-label',
            }}
          />
          <Tooltip
            contentStyle={tooltipStyle}
            labelFormatter={(p) => (series.granularity === 'week' ? `week of ${String(p)}` : String(p))}
            formatter={(v, _name, item) => {
              const point = item.payload as Dashboard['successRate']['points'][number];
              const failed = point.failed > 0 ? `; ${point.failed} could not run` : '';
              return [`${percent(v)} (${point.reproduced} of ${point.replays} that ran${failed})`, 'reproduced'];
            }}
          />
          <Line
            dataKey="rate"
            className="series-rate"
            stroke="currentColor"
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/**
 * Wall time of the latest replays (oldest left), coloured by verdict; peak memory in the tooltip; a click opens the
 * replay.
 */
export function ResourcesChart({ recent }: { recent: ResourcePoint[] }) {
  const data = recent.map((r) => ({ ...r, seconds: r.durationMs / 1000 }));
  // Replays of one day all read "12-05" by date: then the time of day tells the bars apart.
  const days = new Set(data.map((d) => d.startedAt.slice(0, 10)));
  const oneDay = days.size <= 1;
  const tick = (t: string) => (oneDay ? t.slice(11, 16) : t.slice(5, 10));
  const axis =
    oneDay && data[0] ? `started on ${data[0].startedAt.slice(0, 10)} (hour:minute, UTC)` : 'started (month-day, UTC)';
  const verdicts = [...new Set(data.map((d) => d.verdict))];
  return (
    <figure className="chart" aria-label="Duration of the latest replays, as a bar chart" data-testid="resources-chart">
      <ResponsiveContainer width="100%" height={200} initialDimension={firstSize}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 18, left: 8 }} barCategoryGap="15%">
          <CartesianGrid vertical={false} />
          <XAxis
            dataKey="startedAt"
            tickFormatter={tick}
            minTickGap={24}
            label={{ value: axis, position: 'insideBottom', offset: -12, className: 'chart-axis-label' }}
          />
          <YAxis
            tickFormatter={(v: number) => `${Number(v.toPrecision(2))} s`}
            width={60}
            label={{ value: 'wall time', angle: -90, position: 'insideLeft', offset: 4, className: 'chart-axis-label' }}
          />
          <Tooltip
            contentStyle={tooltipStyle}
            cursor={{ fill: 'var(--surface-hover)' }}
            labelFormatter={(_, payload) => {
              const r = payload[0]?.payload as ResourcePoint | undefined;
              return r ? `${r.name} — ${formatDate(r.startedAt)}` : '';
            }}
            formatter={(_v, _n, item) => {
              const r = item.payload as ResourcePoint;
              return [
                `${(r.durationMs / 1000).toFixed(1)} s wall, ${(r.cpuMs / 1000).toFixed(1)} s CPU, ${formatBytes(r.peakRssBytes)} peak`,
                verdictWords[r.verdict].label,
              ];
            }}
          />
          <Bar
            dataKey="seconds"
            isAnimationActive={false}
            onClick={(_, i) => data[i] && go(hrefFor('replays', data[i].replayId))}
            className="clickable"
          >
            {data.map((d) => (
              <Cell key={d.replayId} fill={toneColour[verdictWords[d.verdict].tone]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="chart-legend small" data-testid="resources-legend">
        {verdicts.map((v) => (
          <span key={v} className="chart-legend-item">
            <span
              className="chart-swatch"
              style={{ background: toneColour[verdictWords[v].tone] }}
              aria-hidden="true"
            />
            {verdictWords[v].label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
