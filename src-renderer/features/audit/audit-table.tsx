import { memo } from 'react';
import { PagedVirtualTable } from '../../components/paged-virtual-table';
import type { ListedAuditEntry as AuditEntry } from '../../../src-main/common/schemas/audit';
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
      style={{
        position: 'absolute',
        top: 0,
        left: 0,
        right: 0,
        height: ROW_HEIGHT,
        transform: `translateY(${start}px)`,
      }}
    >
      <div role="cell" className="vtable-cell num">
        <button
          type="button"
          className="link-button"
          onClick={() => onSelect(e.seq)}
          aria-label={`Show entry ${e.seq}`}
          aria-pressed={selected}
        >
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
      <div role="cell" className="vtable-cell" title={e.subjectName ? `${e.subjectName} (${e.subject})` : e.subject}>
        {e.subjectName ? (
          <>
            <span className="audit-subject-name">{e.subjectName}</span>{' '}
            <code className="muted">{e.subject.slice(0, 12)}</code>
          </>
        ) : (
          <code>{e.subject}</code>
        )}
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
  return (
    <PagedVirtualTable
      className="audit-table"
      label="Audit log"
      scrollLabel="Audit entries, scrollable"
      columns={COLUMNS}
      rows={entries}
      total={total}
      rowHeight={ROW_HEIGHT}
      prefetch={20}
      onNeedMore={onNeedMore}
      renderRow={(e, index, start) => (
        <AuditRow key={e.seq} e={e} index={index} start={start} selected={e.seq === selectedSeq} onSelect={onSelect} />
      )}
    />
  );
}
