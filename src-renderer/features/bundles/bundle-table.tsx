import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ListedBundle, RunColumnKey } from '../../../src-main/common/schemas/run-table';
import type { BundleSort, SortDirection } from '../../store/bundles-slice';
import type { ColumnId } from '../../store/run-table-columns';
import { hrefFor } from '../../app/routes';
import { distinguishRuns, runLabel } from '../../components/run-labels';
import { columnDef, fitColumn, type ColumnDef } from './run-table-columns';

const ROW_HEIGHT = 40;
const SELECT_TRACK = '36px';

function useWindowWidth(): number {
  const [w, setW] = useState(() => window.innerWidth);
  useEffect(() => {
    const on = () => setW(window.innerWidth);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return w;
}

/** What sets each run apart from the same-named ones in the list (its differing parameter, time or id). */
export function useRunSuffixes(rows: readonly ListedBundle[]): Map<string, string> {
  return useMemo(
    () =>
      distinguishRuns(
        rows.map((b) => ({
          key: b.bundleDigest,
          name: b.name,
          time: b.run?.startTime ?? b.importedAt,
          id: b.run?.id ?? b.bundleDigest,
          params: b.run?.params ?? null,
        })),
      ),
    [rows],
  );
}

interface RowProps {
  b: ListedBundle;
  index: number;
  start: number;
  columns: ColumnDef[];
  template: string;
  suffix: string;
  selected: boolean;
  onSelect(digest: string): void;
}

/** Memoized: while scrolling, rows that stay in view are not rendered again. */
const BundleRow = memo(function BundleRow({
  b,
  index,
  start,
  columns,
  template,
  suffix,
  selected,
  onSelect,
}: RowProps) {
  const label = runLabel(b.name, suffix);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`vtable-row ${index % 2 ? 'odd' : ''} ${selected ? 'selected' : ''}`}
      style={{
        position: 'absolute',
        top: 0,
        left: 0,
        right: 0,
        height: ROW_HEIGHT,
        transform: `translateY(${start}px)`,
        gridTemplateColumns: template,
      }}
    >
      <div role="cell" className="vtable-cell cell-select">
        <input
          type="checkbox"
          checked={selected}
          onChange={() => onSelect(b.bundleDigest)}
          aria-label={`Compare ${label}`}
        />
      </div>
      <div role="cell" className="vtable-cell cell-name">
        {/* The name gives way before what tells it apart from the same-named runs. */}
        <a href={hrefFor('bundles', b.bundleDigest)} title={label} className="run-name">
          <span className="run-name-text">{b.name}</span>
          {suffix && <span className="run-suffix">({suffix})</span>}
        </a>
      </div>
      {columns.map((c) => (
        <div role="cell" key={c.id} className={`vtable-cell ${c.num ? 'num' : ''}`}>
          {c.cell(b)}
        </div>
      ))}
    </div>
  );
});

interface Props {
  rows: ListedBundle[];
  columns: ColumnId[];
  sort: BundleSort;
  sortKey: RunColumnKey | null;
  direction: SortDirection;
  selection: string[];
  onSort(sort: BundleSort): void;
  onRunSort(key: RunColumnKey): void;
  onSelect(digest: string): void;
}

/**
 * The run table. Virtualized: only the rows in view are in the DOM, so 10,000 bundles scroll like ten. Columns are the
 * user's choice; with more than the window holds the table scrolls sideways (the region takes the keyboard).
 */
export function BundleTable({
  rows,
  columns,
  sort,
  sortKey,
  direction,
  selection,
  onSort,
  onRunSort,
  onSelect,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const hscrollRef = useRef<HTMLDivElement>(null);
  const width = useWindowWidth();
  const [overflows, setOverflows] = useState(false);
  const [avail, setAvail] = useState<number | null>(null);
  const suffixes = useRunSuffixes(rows);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const narrow = width <= 1180;
  const nameMin = narrow ? 140 : 200;
  // Columns that may give way do so (lowest `shed` first) while the table is wider than its place; what is left and
  // still too wide scrolls sideways.
  const fitted = useMemo(() => columns.map((id) => fitColumn(columnDef(id), rows)), [columns, rows]);
  const shown = useMemo(() => {
    const defs = [...fitted];
    const need = () => 36 + nameMin + defs.reduce((n, c) => n + c.min, 0);
    const order = defs.filter((c) => c.shed !== undefined).sort((a, b) => a.shed! - b.shed!);
    for (const c of order) {
      if (avail === null || need() <= avail) break;
      defs.splice(defs.indexOf(c), 1);
    }
    return defs;
  }, [fitted, avail, nameMin]);
  const nameTrack = narrow ? 'minmax(140px, 2fr)' : 'minmax(200px, 2.4fr)';
  const template = [SELECT_TRACK, nameTrack, ...shown.map((c) => c.track)].join(' ');
  const minWidth = 36 + nameMin + shown.reduce((n, c) => n + c.min, 0);
  // With more columns than fit, the sideways-scrolling region takes the keyboard (axe: scrollable-region-focusable).
  useEffect(() => {
    const el = hscrollRef.current;
    if (!el) return;
    const check = () => {
      setAvail(el.clientWidth);
      setOverflows(el.scrollWidth > el.clientWidth + 1);
    };
    check();
    const ro = new ResizeObserver(check);
    ro.observe(el);
    return () => ro.disconnect();
  }, [columns, width, minWidth]);
  const selected = useMemo(() => new Set(selection), [selection]);

  const isActive = (c: ColumnDef) =>
    c.sortKey
      ? sortKey !== null && sortKey.kind === c.sortKey.kind && sortKey.name === c.sortKey.name
      : sortKey === null && c.sort === sort;
  const header = (label: string, active: boolean, onClick: (() => void) | null, title?: string) =>
    onClick ? (
      <button type="button" className="sort-button" onClick={onClick} title={title} aria-label={title}>
        <span className="sort-label">{label}</span>
        <span className="sort-arrow" aria-hidden="true">
          {active ? (direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    ) : (
      label
    );

  return (
    <div className={`vtable bundle-table ${narrow ? 'narrow' : ''}`}>
      <div
        ref={hscrollRef}
        className="vtable-hscroll"
        {...(overflows ? { tabIndex: 0, role: 'region', 'aria-label': 'Bundles table (scrolls sideways)' } : {})}
      >
        <div
          className="vtable-inner"
          style={{ minWidth }}
          role="table"
          aria-label="Bundles"
          aria-rowcount={rows.length + 1}
        >
          <div role="rowgroup" className="vtable-head">
            <div role="row" className="vtable-row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
              <div role="columnheader" className="vtable-cell cell-select">
                <span className="visually-hidden">Compare</span>
              </div>
              <div
                role="columnheader"
                className="vtable-cell"
                aria-sort={
                  sortKey === null && sort === 'name' ? (direction === 'asc' ? 'ascending' : 'descending') : undefined
                }
              >
                {header('Name', sortKey === null && sort === 'name', () => onSort('name'))}
              </div>
              {shown.map((c) => {
                const active = isActive(c);
                const onClick = c.sortKey ? () => onRunSort(c.sortKey!) : c.sort ? () => onSort(c.sort!) : null;
                const kind = c.sortKey ? (c.sortKey.kind === 'metric' ? 'Metric' : 'Parameter') : undefined;
                return (
                  <div
                    role="columnheader"
                    key={c.id}
                    className={`vtable-cell ${c.num ? 'num' : ''}`}
                    aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}
                    title={kind ? `${kind} ${c.label}` : undefined}
                  >
                    {header(c.label, active, onClick, kind ? `${kind} ${c.label}` : undefined)}
                  </div>
                );
              })}
            </div>
          </div>
          <div ref={scrollRef} className="vtable-scroll" role="rowgroup" tabIndex={-1}>
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((v) => {
                const b = rows[v.index];
                return b ? (
                  <BundleRow
                    key={b.bundleDigest}
                    b={b}
                    index={v.index}
                    start={v.start}
                    columns={shown}
                    template={template}
                    suffix={suffixes.get(b.bundleDigest) ?? ''}
                    selected={selected.has(b.bundleDigest)}
                    onSelect={onSelect}
                  />
                ) : null;
              })}
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
