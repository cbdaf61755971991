import { useEffect, useId, useState } from 'react';
import { hrefFor } from '../../app/routes';
import { EmptyState } from '../../components/empty-state';
import { Notice } from '../../components/notice';
import { plural } from '../../components/format';
import { useAppStore } from '../../store/app-store';
import type { ReplayVerdictName } from '../../../src-main/common/schemas/replay';
import { ReplayHistoryTable } from './replay-history-table';
import { useBundleNames } from './use-bundle-names';
import '../../styles/replays.css';

type Filter = 'all' | ReplayVerdictName;
const FILTERS: [Filter, string][] = [
  ['all', 'All verdicts'],
  ['reproduced', 'Reproduced'],
  ['not-reproduced', 'Not reproduced'],
  ['failed', 'Failed'],
];

/** Every replay across bundles, newest first, narrowed by verdict; each opens its result. */
export function ReplaysPage() {
  const all = useAppStore((s) => s.replays.all);
  const loadAll = useAppStore((s) => s.loadAllReplays);
  const names = useBundleNames();
  const [filter, setFilter] = useState<Filter>('all');
  const id = useId();
  useEffect(() => {
    void loadAll();
  }, [loadAll]);

  const head = (
    <div className="page-head">
      <h1>Replays</h1>
    </div>
  );
  if (all.error) {
    return (
      <div className="page">
        {head}
        <Notice tone="error" title="Could not load the replays">
          <p>{all.error}</p>
        </Notice>
      </div>
    );
  }
  if (!all.loaded) {
    return (
      <div className="page" aria-busy="true">
        {head}
        <p className="muted">Loading…</p>
      </div>
    );
  }
  if (all.total === 0) {
    return (
      <div className="page">
        {head}
        <EmptyState title="No replays yet" icon="↻">
          <p>
            Each replay re-runs a bundle’s model on its evaluation data and compares the metrics with the ones the run
            reported, within the tolerances the bundle declares.
          </p>
          <p>
            <strong>How to get here:</strong> Replay a bundle from its page. Every replay is kept and listed here,
            whatever its verdict.
          </p>
          <a className="btn" href={hrefFor('bundles')}>
            Go to Bundles
          </a>
        </EmptyState>
      </div>
    );
  }
  // The list holds the newest replays (up to the store's page); the verdict narrows what is shown of it.
  const rows = filter === 'all' ? all.rows : all.rows.filter((r) => r.verdict === filter);
  const count = (f: ReplayVerdictName) => all.rows.filter((r) => r.verdict === f).length;
  return (
    <div className="page">
      {head}
      <div className="replays-toolbar">
        <label htmlFor={id}>Verdict</label>
        <select id={id} className="input" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
          {FILTERS.map(([value, label]) => (
            <option key={value} value={value}>
              {value === 'all' ? `${label} (${all.rows.length})` : `${label} (${count(value)})`}
            </option>
          ))}
        </select>
        <span className="muted" aria-live="polite">
          {filter === 'all'
            ? plural(all.total, 'replay')
            : `${plural(rows.length, 'replay')} of ${all.rows.length.toLocaleString()}`}
          {all.total > all.rows.length
            ? ` (the newest ${all.rows.length.toLocaleString()} of ${all.total.toLocaleString()} are loaded)`
            : ''}
        </span>
      </div>
      {rows.length === 0 ? (
        <p className="muted">No replay has this verdict.</p>
      ) : (
        <section className="card" aria-label="Replays, newest first">
          <ReplayHistoryTable rows={rows} bundleNames={names} caption="Every replay, newest first" />
        </section>
      )}
    </div>
  );
}
