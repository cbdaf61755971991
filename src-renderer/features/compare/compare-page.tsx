import { useState } from 'react';
import { hrefFor } from '../../app/routes';
import { useCall } from '../../store/use-call';
import { Notice } from '../../components/notice';
import type { DiffEntry, DiffSection } from '../../../src-main/common/schemas/compare';
import { changeLabel, formatDiffValue, sectionTitles } from './compare-format';
import '../../styles/compare.css';

/** Two stored bundles side by side: loud data changes first, then each section with its differences marked. */
export function ComparePage({ a, b }: { a: string; b: string }) {
  const [all, setAll] = useState(false);
  const compared = useCall('compare:bundles', { a, b, all });

  const back = (
    <a className="back-link" href={hrefFor('bundles', a)}>
      ← Back to bundle A
    </a>
  );
  const report = compared.data;
  if (compared.error) {
    return (
      <div className="page">
        {back}
        <div className="page-head">
          <h1>Compare bundles</h1>
        </div>
        <Notice tone="error" title="Could not compare these bundles">
          <p>{compared.error}</p>
        </Notice>
      </div>
    );
  }
  if (!report) {
    return (
      <div className="page" aria-busy="true">
        {back}
        <div className="page-head">
          <h1>Compare bundles</h1>
        </div>
      </div>
    );
  }
  const loud = report.data.filter((e) => e.loud);
  const differences = (['parameters', 'metrics', 'data', 'environment', 'modules', 'licenses'] as const).reduce(
    (n, s) => n + report[s].filter((e) => e.change !== 'same').length,
    0,
  );
  return (
    <div className="page compare-page">
      {back}
      <div className="page-head">
        <h1>Compare bundles</h1>
        <span className="page-head-end">
          <label className="compare-toggle">
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Show unchanged
          </label>
        </span>
      </div>
      <div className="compare-heads grid-2">
        <BundleHead side="A" digest={a} name={report.names?.a ?? null} />
        <BundleHead side="B" digest={b} name={report.names?.b ?? null} />
      </div>
      {loud.length > 0 && (
        <Notice tone="error" title={`Data changed in the same data set (${loud.length})`}>
          <p>
            The same data set holds different bytes in B. Results computed from it are not comparable until B is
            replayed.
          </p>
          <ul className="compare-loud-list">
            {loud.map((e) => (
              <li key={e.name}>
                <strong>{e.name}</strong>: <code>{formatDiffValue(e.a)}</code> → <code>{formatDiffValue(e.b)}</code>{' '}
                <span className="muted">({e.note})</span>
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <p className="muted" data-testid="compare-summary">
        {differences === 0 ? 'No differences.' : `${differences} ${differences === 1 ? 'difference' : 'differences'}.`}
      </p>
      {(['data', 'parameters', 'metrics', 'environment', 'modules', 'licenses'] as const).map((s) => (
        <DiffTable key={s} section={s} entries={report[s]} showAll={all} />
      ))}
    </div>
  );
}

function BundleHead({ side, digest, name }: { side: string; digest: string; name: string | null }) {
  return (
    <section className="card compare-head" aria-label={`Bundle ${side}`}>
      <span className="compare-side">{side}</span>
      <a href={hrefFor('bundles', digest)}>{name ?? 'Unnamed bundle'}</a>
      <code className="muted">{digest.slice(0, 16)}…</code>
    </section>
  );
}

function DiffTable({ section, entries, showAll }: { section: DiffSection; entries: DiffEntry[]; showAll: boolean }) {
  const id = `cmp-${section}`;
  const changed = entries.filter((e) => e.change !== 'same').length;
  return (
    <section className="card" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>
        {sectionTitles[section]}{' '}
        <span className="muted compare-count">{changed === 0 ? 'no differences' : `${changed} different`}</span>
      </h2>
      {entries.length === 0 ? (
        <p className="muted">{showAll ? 'Neither bundle records any.' : 'The same in both bundles.'}</p>
      ) : (
        <div className="table-wrap">
          <table className="table compare-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">A</th>
                <th scope="col">B</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr
                  key={`${e.source ?? ''}:${e.name}:${i}`}
                  className={`diff-${e.change}${e.loud ? ' diff-loud' : ''}`}
                >
                  <th scope="row">
                    {e.name}
                    {e.source && <span className="muted"> ({e.source})</span>}
                  </th>
                  <td className="diff-a">
                    <code>{formatDiffValue(e.a)}</code>
                  </td>
                  <td className="diff-b">
                    <code>{formatDiffValue(e.b)}</code>
                  </td>
                  <td>
                    <span className="diff-marker">{changeLabel(e)}</span>
                    {e.note && <span className="muted diff-note"> {e.note}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
