import { memo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { BundleSummary } from '../../../src-main/common/schemas/bundle';
import type { BundleSort, SortDirection } from '../../store/bundles-slice';
import { hrefFor } from '../../app/routes';
import { StatusBadge } from '../../components/status-badge';
import { AuthorCell } from '../../components/authorship-badge';
import { CompletenessDot } from '../../components/completeness-dot';
import { LicenseBadge } from '../../components/license-badge';
import { ReplicationBadge } from '../../components/replication-badge';
import { formatBytes, formatDate } from '../../components/format';

// Files and Size give way first when the window is narrow, then Completeness (tables.css); the bundle page shows them.
const COLUMNS: { id: BundleSort | null; label: string; className?: string }[] = [
  { id: 'name', label: 'Name' },
  { id: 'author', label: 'Author' },
  { id: 'importedAt', label: 'Imported' },
  { id: 'status', label: 'Status' },
  { id: null, label: 'Replication' },
  { id: 'completeness', label: 'Completeness', className: 'col-tertiary' },
  { id: null, label: 'License' },
  { id: null, label: 'Files', className: 'col-secondary' },
  { id: null, label: 'Size', className: 'col-secondary' },
];
const ROW_HEIGHT = 40;

/** Memoized: while scrolling, rows that stay in view are not rendered again. */
const BundleRow = memo(function BundleRow({ b, index, start }: { b: BundleSummary; index: number; start: number }) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={`vtable-row ${index % 2 ? 'odd' : ''}`}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
    >
      <div role="cell" className="vtable-cell cell-name">
        <a href={hrefFor('bundles', b.bundleDigest)} title={b.name}>
          {b.name}
        </a>
      </div>
      <div role="cell" className="vtable-cell">
        <AuthorCell authorship={b.authorship} author={b.author} />
      </div>
      <div role="cell" className="vtable-cell" title={b.importedAt}>
        {/* The time gives way on narrow windows; the day stays. */}
        <span>{formatDate(b.importedAt).split(' ')[0]}</span> <span className="cell-time">{formatDate(b.importedAt).split(' ')[1] ?? ''}</span>
      </div>
      <div role="cell" className="vtable-cell">
        <StatusBadge status={b.status} />
      </div>
      <div role="cell" className="vtable-cell">
        {b.replication ? <ReplicationBadge state={b.replication} /> : <span className="muted">—</span>}
      </div>
      <div role="cell" className="vtable-cell col-tertiary">
        <CompletenessDot level={b.completeness} />
      </div>
      <div role="cell" className="vtable-cell">
        {b.licenseVerdict ? <LicenseBadge status={b.licenseVerdict} /> : <span className="muted">—</span>}
      </div>
      <div role="cell" className="vtable-cell num col-secondary">
        {b.files.toLocaleString()}
      </div>
      <div role="cell" className="vtable-cell num col-secondary">
        {formatBytes(b.bytes)}
      </div>
    </div>
  );
});

interface Props {
  rows: BundleSummary[];
  sort: BundleSort;
  direction: SortDirection;
  onSort(sort: BundleSort): void;
}

/** Virtualized: only the rows in view are in the DOM, so 10,000 bundles scroll like ten. */
export function BundleTable({ rows, sort, direction, onSort }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  return (
    <div className="vtable bundle-table" role="table" aria-label="Bundles" aria-rowcount={rows.length + 1}>
      <div role="rowgroup" className="vtable-head">
        <div role="row" className="vtable-row" aria-rowindex={1}>
          {COLUMNS.map((c) => {
            const active = c.id !== null && c.id === sort;
            return (
              <div
                role="columnheader"
                key={c.label}
                className={`vtable-cell ${c.className ?? ''}`}
                aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                {c.id ? (
                  <button type="button" className="sort-button" onClick={() => onSort(c.id as BundleSort)}>
                    {c.label}
                    <span className="sort-arrow" aria-hidden="true">
                      {active ? (direction === 'asc' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                ) : (
                  c.label
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div ref={scrollRef} className="vtable-scroll" role="rowgroup" tabIndex={-1}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const b = rows[v.index];
            return b ? <BundleRow key={b.bundleDigest} b={b} index={v.index} start={v.start} /> : null;
          })}
        </div>
      </div>
    </div>
  );
}
