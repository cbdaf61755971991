import { hrefFor } from '../../app/routes';
import { VerdictBadge } from '../../components/verdict-badge';
import { formatDate, formatDuration } from '../../components/format';
import type { ReplaySummary } from '../../../src-main/common/schemas/replay';

/**
 * Replays as rows, newest first: verdict, when, who, how long; each opens its result. With `bundleNames`
 * the bundle is a column too (the Replays section lists every bundle's).
 */
export function ReplayHistoryTable({ rows, bundleNames, caption }: { rows: ReplaySummary[]; bundleNames?: Map<string, string>; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="table replay-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Verdict</th>
            {bundleNames && <th scope="col">Bundle</th>}
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col">Reason</th>
            <th scope="col">
              <span className="visually-hidden">Result</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="replay-row">
              <td>
                <VerdictBadge verdict={r.verdict} />
              </td>
              {bundleNames && (
                <td className="replay-bundle">
                  <a href={hrefFor('bundles', r.bundleDigest)}>{bundleNames.get(r.bundleDigest) ?? r.bundleDigest.slice(0, 12) + '…'}</a>
                </td>
              )}
              <td className="nowrap">
                <time dateTime={r.startedAt}>{formatDate(r.startedAt)}</time>
              </td>
              <td>{r.actor}</td>
              <td className="num nowrap">{formatDuration(r.durationMs)}</td>
              <td className="replay-reason">{r.reason}</td>
              <td className="nowrap">
                <a href={hrefFor('replays', r.id)} aria-label={`Open the result of the replay of ${formatDate(r.startedAt, true)}`}>
                  Open result →
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
