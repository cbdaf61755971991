import { useEffect, useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

interface Props<T> {
  className: string;
  label: string;
  scrollLabel: string;
  columns: readonly string[];
  rows: T[];
  total: number; // rows the server has; more are asked for near the end of what is loaded
  rowHeight: number;
  prefetch: number; // how many rows before the end to ask for the next page
  onNeedMore(): void;
  renderRow(row: T, index: number, start: number): ReactNode;
}

/** An ARIA table whose rows are virtualized and loaded page by page as the user scrolls. */
export function PagedVirtualTable<T>({
  className,
  label,
  scrollLabel,
  columns,
  rows,
  total,
  rowHeight,
  prefetch,
  onNeedMore,
  renderRow,
}: Props<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 15,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= rows.length - prefetch && rows.length < total) onNeedMore();
  }, [last, rows.length, total, prefetch, onNeedMore]);

  return (
    <div className={`vtable ${className}`} role="table" aria-label={label} aria-rowcount={total + 1}>
      <div role="rowgroup" className="vtable-head">
        <div role="row" className="vtable-row">
          {columns.map((c) => (
            <div role="columnheader" className="vtable-cell" key={c}>
              {c}
            </div>
          ))}
        </div>
      </div>
      <div ref={scrollRef} className="vtable-scroll" role="rowgroup" tabIndex={0} aria-label={scrollLabel}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const row = rows[v.index];
            return row === undefined ? null : renderRow(row, v.index, v.start);
          })}
        </div>
      </div>
    </div>
  );
}
