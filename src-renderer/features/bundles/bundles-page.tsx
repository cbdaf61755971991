import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { importBusy } from '../../store/import-slice';
import { EmptyState } from '../../components/empty-state';
import { Notice } from '../../components/notice';
import { plural } from '../../components/format';
import { BundleTable, useRunSuffixes } from './bundle-table';
import { ColumnChooser, RunFilters } from './run-table-controls';
import { RunsCompare } from './runs-compare';
import '../../styles/run-table.css';
import { DropZone } from './drop-zone';
import { ImportActions } from './import-actions';
import { ImportStatus } from './import-status';
import { MakingActions } from '../making/making-actions';
import { hrefFor } from '../../app/routes';
import { replicationLabel, replicationMeaning, type ReplicationState } from '../dashboard/replication-labels';

function SearchBox() {
  const query = useAppStore((s) => s.bundleList.query);
  const setQuery = useAppStore((s) => s.setBundleQuery);
  const [text, setText] = useState(query);
  // Debounced: typing fast sends one request, not one per key.
  useEffect(() => {
    if (text === query) return;
    const t = setTimeout(() => setQuery(text), 150);
    return () => clearTimeout(t);
  }, [text, query, setQuery]);
  return (
    <div className="search">
      <label htmlFor="bundle-search" className="visually-hidden">
        Search bundles
      </label>
      <input
        id="bundle-search"
        type="search"
        className="input"
        placeholder="Search name, author, digest…  ( / )"
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-search=""
        aria-keyshortcuts="/"
      />
    </div>
  );
}

/** `state`: the replication state the address narrows the list to (`#/bundles?state=approved`), or none. */
export function BundlesPage({ state = null }: { state?: ReplicationState | null }) {
  const list = useAppStore((s) => s.bundleList);
  const columns = useAppStore((s) => s.bundleColumns);
  const selection = useAppStore((s) => s.bundleSelection);
  const importState = useAppStore((s) => s.importState);
  const {
    loadBundles,
    setBundleSort,
    setRunSort,
    toggleBundleSelected,
    clearBundleSelection,
    importFile,
    setBundleState,
  } = useAppStore.getState();
  const suffixes = useRunSuffixes(list.rows);

  useEffect(() => {
    // The address decides the filter; setting it loads the list, and an unchanged one just reloads.
    if (useAppStore.getState().bundleList.state !== state) setBundleState(state);
    else void loadBundles();
  }, [loadBundles, setBundleState, state]);

  const narrowed = list.query.trim() !== '' || list.state !== null || list.filters.length > 0;
  const noBundles = list.loaded && list.total === 0 && !narrowed;

  return (
    <DropZone onFile={(f) => void importFile(f)} disabled={importBusy(importState)}>
      <div className="page page-fill">
        <div className="page-head">
          <h1>Bundles</h1>
          {!noBundles && list.loaded && (
            <span className="page-count" aria-live="polite">
              {narrowed ? `${plural(list.total, 'match', 'matches')}` : plural(list.total, 'bundle')}
            </span>
          )}
          <MakingActions />
        </div>
        <ImportStatus />
        {list.error && (
          <Notice tone="error" title="Could not load the bundle list">
            <p>{list.error}</p>
            <button type="button" className="btn btn-small" onClick={() => void loadBundles()}>
              Retry
            </button>
          </Notice>
        )}
        {!list.loaded ? (
          // Until the first answer it is not known whether to offer the first import or the list: showing one
          // and swapping it for the other would drop what the user began typing.
          <div className="page-loading" aria-busy="true" />
        ) : noBundles ? (
          <EmptyState title="Import your first bundle" icon="⇪">
            <p>A bundle is a BagIt .zip holding a run's code, data, model and metadata. Three ways to start:</p>
            <ol className="ways">
              <li>
                <strong>Drop a .zip here</strong> — anywhere on this screen.
              </li>
              <li>
                <strong>Choose a file</strong> or give its path below.
              </li>
              <li>
                <strong>Try the sample bundle</strong> — an iris classifier, imported in one click.
              </li>
            </ol>
            <ImportActions layout="hero" />
          </EmptyState>
        ) : (
          <>
            <div className="toolbar">
              <SearchBox />
              <ColumnChooser />
              <RunFilters />
              {list.state && (
                <span className="filter-chip" title={replicationMeaning[list.state]}>
                  Replication: {replicationLabel[list.state]}
                  <a
                    href={hrefFor('bundles')}
                    className="filter-chip-clear"
                    aria-label={`Show every bundle, not only ${replicationLabel[list.state].toLowerCase()} ones`}
                  >
                    ✕
                  </a>
                </span>
              )}
              <ImportActions layout="toolbar" />
            </div>
            {list.loaded && list.total === 0 ? (
              <p className="muted no-match">
                No bundle {list.state ? `is ${replicationLabel[list.state].toLowerCase()}` : ''}
                {list.state && list.query.trim() ? ' and ' : ''}
                {list.query.trim() ? `matches “${list.query.trim()}”` : ''}
                {list.filters.length > 0 ? `${list.state || list.query.trim() ? ' and ' : ''}passes the filters` : ''}.
              </p>
            ) : (
              <>
                {selection.length === 1 && (
                  <p className="muted small compare-hint">Tick another run to compare them.</p>
                )}
                {selection.length >= 2 && (
                  <RunsCompare
                    rows={list.rows}
                    selection={selection}
                    suffixes={suffixes}
                    onClear={clearBundleSelection}
                  />
                )}
                <BundleTable
                  rows={list.rows}
                  columns={columns}
                  sort={list.sort}
                  sortKey={list.sortKey}
                  direction={list.direction}
                  selection={selection}
                  onSort={setBundleSort}
                  onRunSort={setRunSort}
                  onSelect={toggleBundleSelected}
                />
              </>
            )}
          </>
        )}
      </div>
    </DropZone>
  );
}
