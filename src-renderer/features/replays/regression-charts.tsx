import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ReplayDiagnosticsView } from '../../../src-main/common/schemas/replay';
import { formatMetric } from './replay-format';
import { tooltipStyle } from './class-scores';

type Regression = NonNullable<ReplayDiagnosticsView['regression']>;

const tick = (v: unknown) => (typeof v === 'number' ? formatMetric(Number(v.toPrecision(3))) : String(v));

/** Predicted against actual (the diagonal is a perfect model) and the histogram of residuals. */
export function RegressionCharts({ r }: { r: Regression }) {
  // The diagonal spans the plotted points; drawing it needs their extent, nothing more.
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of r.points) {
    lo = Math.min(lo, p.actual, p.predicted);
    hi = Math.max(hi, p.actual, p.predicted);
  }
  const sampled = r.points.length < r.finiteRows;
  return (
    <div className="grid-2 regression-charts">
      <figure
        className="chart"
        aria-label="Predicted against actual values, as a scatter plot"
        data-testid="predicted-vs-actual"
      >
        <figcaption>
          Predicted vs actual{' '}
          <span className="muted">
            (
            {sampled
              ? `${r.points.length.toLocaleString()} of ${r.finiteRows.toLocaleString()} rows, spread evenly`
              : `${r.points.length.toLocaleString()} rows`}
            ; the line is a perfect fit)
          </span>
        </figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <ScatterChart margin={{ top: 8, right: 12, bottom: 8, left: 0 }}>
            <CartesianGrid />
            <XAxis type="number" dataKey="actual" name="actual" domain={['auto', 'auto']} tickFormatter={tick} />
            <YAxis
              type="number"
              dataKey="predicted"
              name="predicted"
              domain={['auto', 'auto']}
              tickFormatter={tick}
              width={52}
            />
            <Tooltip
              contentStyle={tooltipStyle}
              formatter={(v) => (typeof v === 'number' ? formatMetric(v) : String(v))}
            />
            {Number.isFinite(lo) && lo < hi && (
              <ReferenceLine
                segment={[
                  { x: lo, y: lo },
                  { x: hi, y: hi },
                ]}
                className="identity-line"
                ifOverflow="extendDomain"
              />
            )}
            <Scatter data={r.points} className="series-points" fill="currentColor" isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" aria-label="Residuals (predicted minus actual), as a histogram" data-testid="residuals">
        <figcaption>
          Residuals <span className="muted">(predicted − actual, {r.finiteRows.toLocaleString()} rows)</span>
        </figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={r.residuals} margin={{ top: 8, right: 12, bottom: 8, left: 0 }} barCategoryGap={1}>
            <CartesianGrid vertical={false} />
            <XAxis dataKey="from" tickFormatter={tick} />
            <YAxis allowDecimals={false} width={44} />
            <Tooltip
              contentStyle={tooltipStyle}
              cursor={false}
              labelFormatter={(_, payload) => {
                const bin = payload[0]?.payload as Regression['residuals'][number] | undefined;
                return bin ? `${formatMetric(bin.from)} to ${formatMetric(bin.to)}` : '';
              }}
            />
            <Bar
              dataKey="count"
              name="rows"
              className="series-residuals"
              fill="currentColor"
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
