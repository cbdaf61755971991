import { hrefFor } from '../../app/routes';
import { VerdictBadge } from '../../components/verdict-badge';
import { formatDate, formatDuration } from '../../components/format';
import type { ReplaySummary } from '../../../src-main/common/schemas/replay';

/**
 * Replays as rows, newest first: verdict, when (the link to its result), who, how long, why. With
 * `bundleNames` the bundle is a column too (the Replays section lists every bundle's). Narrow windows keep
 * the verdict, bundle and date; the rest gives way.
 */
export function ReplayHistoryTable({
  rows,
  bundleNames,
  caption,
}: {
  rows: ReplaySummary[];
  bundleNames?: Map<string, string>;
  caption: string;
}) {
  return (
    <div className="table-wrap">
      <table className="table replay-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Verdict</th>
            {bundleNames && <th scope="col">Bundle</th>}
            <th scope="col">Started</th>
            <th scope="col" className="col-secondary">
              Who
            </th>
            <th scope="col" className="num col-secondary">
              Duration
            </th>
            <th scope="col" className="col-secondary">
              Reason
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
                  <a href={hrefFor('bundles', r.bundleDigest)}>
                    {bundleNames.get(r.bundleDigest) ?? r.bundleDigest.slice(0, 12) + '…'}
                  </a>
                </td>
              )}
              <td className="nowrap">
                {/* The date is the link to the result: the one column every width keeps. */}
                <a
                  href={hrefFor('replays', r.id)}
                  aria-label={`Open result: replay started ${formatDate(r.startedAt)}`}
                >
                  <time dateTime={r.startedAt}>{formatDate(r.startedAt)}</time>
                </a>
              </td>
              <td className="col-secondary">{r.actor}</td>
              <td className="num nowrap col-secondary">{formatDuration(r.durationMs)}</td>
              <td className="replay-reason col-secondary">{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
