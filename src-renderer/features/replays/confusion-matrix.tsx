import type { CSSProperties } from 'react';

/**
 * The confusion matrix as a grid: rows are the true class, columns the predicted one. Every cell shows its
 * count; the shade (share of the true class's rows) only repeats it, green on the diagonal, red off it.
 */
export function ConfusionMatrix({ classes, matrix }: { classes: string[]; matrix: number[][] }) {
  const rowTotals = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  return (
    // A matrix wider than its card scrolls sideways; the keyboard can scroll it too (axe: scrollable-region-focusable).
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`Confusion matrix, ${classes.length} classes`}>
      <table className="confusion" data-testid="confusion-matrix">
        <caption className="visually-hidden">
          Confusion matrix: rows are the true class, columns the predicted class
        </caption>
        <thead>
          <tr>
            <td className="confusion-corner">
              <span className="confusion-axis">true ↓ predicted →</span>
            </td>
            {classes.map((c) => (
              <th key={c} scope="col" title={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => (
            <tr key={classes[i] ?? i}>
              <th scope="row" title={classes[i]}>
                {classes[i]}
              </th>
              {row.map((n, j) => {
                const share = rowTotals[i] ? n / rowTotals[i]! : 0;
                const style = { '--share': `${Math.round(share * 100)}%` } as CSSProperties;
                const kind = n === 0 ? 'zero' : i === j ? 'hit' : 'miss';
                return (
                  <td
                    key={j}
                    className={`confusion-cell confusion-${kind}`}
                    style={style}
                    title={`true ${classes[i]}, predicted ${classes[j]}: ${n} rows`}
                  >
                    {n.toLocaleString()}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
