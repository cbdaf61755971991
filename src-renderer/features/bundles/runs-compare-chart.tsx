import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { tooltipStyle } from '../replays/class-scores';
import { formatMetric } from './run-table-columns';
import '../../styles/charts.css';

const firstSize = { width: 420, height: 220 };

/** One bar per compared run for one metric; axes labelled, runs named as in the table. */
export function MetricBars({ metric, bars }: { metric: string; bars: { label: string; value: number | null }[] }) {
  const data = bars.map((b, i) => ({ run: `${i + 1}`, label: b.label, value: b.value }));
  const recorded = data.filter((d) => d.value !== null).length;
  return (
    <figure
      className="chart"
      aria-label={`${metric} of the compared runs, as a bar chart: ${data.map((d) => `${d.label} ${formatMetric(d.value)}`).join('; ')}`}
      data-testid="runs-compare-chart"
    >
      <ResponsiveContainer width="100%" height={220} initialDimension={firstSize}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 18, left: 8 }}>
          <CartesianGrid vertical={false} />
          <XAxis
            dataKey="run"
            label={{ value: 'run (as numbered in the legend)', position: 'insideBottom', offset: -8 }}
          />
          <YAxis
            tickFormatter={(v: number) => formatMetric(v)}
            width={56}
            label={{ value: metric, angle: -90, position: 'insideLeft' }}
          />
          <Tooltip
            contentStyle={tooltipStyle}
            labelFormatter={(_, p) => String((p[0]?.payload as { label?: string } | undefined)?.label ?? '')}
            formatter={(v) => [formatMetric(Number(v)), metric]}
          />
          <Bar dataKey="value" className="series-metric" fill="currentColor" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption>
        <ol className="chart-legend">
          {data.map((d) => (
            <li key={d.run}>{d.label}</li>
          ))}
        </ol>
        {recorded < data.length && (
          <span className="muted small">
            {data.length - recorded} of these runs did not record {metric}.
          </span>
        )}
      </figcaption>
    </figure>
  );
}
