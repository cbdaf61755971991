import { memo, useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AuditEntry } from '../../../src-main/common/schemas/audit';
import { formatDate } from '../../components/format';

const ROW_HEIGHT = 36;
const COLUMNS = ['Seq', 'Time', 'Actor', 'Action', 'Subject', 'Details'];

function detailsText(d: Record<string, unknown>): string {
  return Object.entries(d)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('  ');
}

/** Memoized: while scrolling, rows that stay in view are not rendered again. */
interface RowProps {
  e: AuditEntry;
  index: number;
  start: number;
  selected: boolean;
  onSelect(seq: number): void;
}

const AuditRow = memo(function AuditRow({ e, index, start, selected, onSelect }: RowProps) {
  const details = detailsText(e.details);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={`vtable-row ${index % 2 ? 'odd' : ''} ${selected ? 'selected' : ''}`}
      aria-selected={selected}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
    >
      <div role="cell" className="vtable-cell num">
        <button type="button" className="link-button" onClick={() => onSelect(e.seq)} aria-label={`Show entry ${e.seq}`} aria-pressed={selected}>
          {e.seq}
        </button>
      </div>
      <div role="cell" className="vtable-cell" title={e.time}>
        {formatDate(e.time, true)}
      </div>
      <div role="cell" className="vtable-cell" title={e.actor}>
        {e.actor}
      </div>
      <div role="cell" className="vtable-cell" title={e.action}>
        <code>{e.action}</code>
      </div>
      <div role="cell" className="vtable-cell" title={e.subject}>
        <code>{e.subject}</code>
      </div>
      <div role="cell" className="vtable-cell details-cell" title={details}>
        {details}
      </div>
    </div>
  );
});

/** Virtualized; asks for the next page when the user scrolls near the end of what is loaded. */
interface Props {
  entries: AuditEntry[];
  total: number;
  selectedSeq: number | null;
  onSelect(seq: number): void;
  onNeedMore(): void;
}

export function AuditTable({ entries, total, selectedSeq, onSelect, onNeedMore }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= entries.length - 20 && entries.length < total) onNeedMore();
  }, [last, entries.length, total, onNeedMore]);

  return (
    <div className="vtable audit-table" role="table" aria-label="Audit log" aria-rowcount={total + 1}>
      <div role="rowgroup" className="vtable-head">
        <div role="row" className="vtable-row">
          {COLUMNS.map((c) => (
            <div role="columnheader" className="vtable-cell" key={c}>
              {c}
            </div>
          ))}
        </div>
      </div>
      <div ref={scrollRef} className="vtable-scroll" role="rowgroup" tabIndex={0} aria-label="Audit entries, scrollable">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const e = entries[v.index];
            return e ? <AuditRow key={e.seq} e={e} index={v.index} start={v.start} selected={e.seq === selectedSeq} onSelect={onSelect} /> : null;
          })}
        </div>
      </div>
    </div>
  );
}
