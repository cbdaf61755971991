import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReplayDiagnosticsView } from '../../../src-main/common/schemas/replay';
import { formatRatio } from './replay-format';

type ClassScore = NonNullable<ReplayDiagnosticsView['classification']>['perClass'][number];

export const tooltipStyle = {
  background: 'var(--surface)',
  border: '1px solid var(--border)',
  borderRadius: 6,
  color: 'var(--text)',
  fontSize: 12,
};

/** Precision and recall per class as paired bars, with the numbers in a table beside them. */
export function ClassScores({ scores }: { scores: ClassScore[] }) {
  const chartable = scores.length <= 30; // more bars than this are a blur; the table still has them all
  return (
    <div className="class-scores">
      {chartable && (
        <figure className="chart" aria-label="Precision and recall per class, as bars">
          <div className="chart-legend" aria-hidden="true">
            <span className="swatch series-precision" /> precision <span className="swatch series-recall" /> recall
          </div>
          <ResponsiveContainer width="100%" height={200}>
            <BarChart data={scores} margin={{ top: 4, right: 8, bottom: 4, left: 0 }} barCategoryGap="25%">
              <CartesianGrid vertical={false} />
              <XAxis dataKey="label" interval={0} tickLine={false} />
              <YAxis domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} width={40} />
              <Tooltip
                contentStyle={tooltipStyle}
                cursor={false}
                formatter={(v) => formatRatio(typeof v === 'number' ? v : null)}
              />
              <Bar
                dataKey="precision"
                name="precision"
                className="series-precision"
                fill="currentColor"
                isAnimationActive={false}
              />
              <Bar
                dataKey="recall"
                name="recall"
                className="series-recall"
                fill="currentColor"
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="class-scores">
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col" className="num">
                Precision
              </th>
              <th scope="col" className="num">
                Recall
              </th>
              <th scope="col" className="num">
                Support
              </th>
            </tr>
          </thead>
          <tbody>
            {scores.map((s) => (
              <tr key={s.label}>
                <th scope="row">{s.label}</th>
                <td className="num" title={s.precision === null ? 'never predicted' : undefined}>
                  {formatRatio(s.precision)}
                </td>
                <td className="num" title={s.recall === null ? 'not in the data' : undefined}>
                  {formatRatio(s.recall)}
                </td>
                <td className="num">{s.support.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
