import { memo } from 'react';
import { PagedVirtualTable } from '../../components/paged-virtual-table';
import type { LicenseRow } from '../../../src-main/common/schemas/licenses';
import { AccessBadge, LicenseBadge } from '../../components/license-badge';
import { formatDate } from '../../components/format';
import { hrefFor } from '../../app/routes';

const ROW_HEIGHT = 36;
const COLUMNS = ['Bundle', 'Artifact', 'Role', 'License', 'Status', 'Access', 'Grants', 'Last access'];

export const rowKey = (r: LicenseRow) => `${r.bundleDigest}/${r.path}`;

function grantsText(r: LicenseRow): { text: string; tone: string } {
  if (r.classification === null) return { text: '—', tone: 'muted' };
  const guarded = r.classification === 'restricted' || r.classification === 'confidential';
  if (r.activeGrants > 0) return { text: `${r.activeGrants} active`, tone: '' };
  return guarded ? { text: 'none', tone: 'text-warn' } : { text: '—', tone: 'muted' };
}

interface RowProps {
  r: LicenseRow;
  index: number;
  start: number;
  selected: boolean;
  onSelect(key: string): void;
}

const Row = memo(function Row({ r, index, start, selected, onSelect }: RowProps) {
  const grants = grantsText(r);
  const license = r.expression ?? '(none)';
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
      }}
    >
      <div role="cell" className="vtable-cell cell-name" title={r.bundleName}>
        <a href={hrefFor('bundles', r.bundleDigest)}>{r.bundleName}</a>
      </div>
      <div role="cell" className="vtable-cell" title={r.path}>
        <button
          type="button"
          className="link-button mono"
          onClick={() => onSelect(rowKey(r))}
          aria-pressed={selected}
          aria-label={`Details of ${r.path} in ${r.bundleName}`}
        >
          {r.path}
        </button>
      </div>
      <div role="cell" className="vtable-cell muted">
        {r.role}
      </div>
      <div
        role="cell"
        className={`vtable-cell mono ${r.expression ? '' : 'muted'}`}
        title={r.suggestion ? `${license} (suggested: ${r.suggestion})` : license}
      >
        {license}
      </div>
      <div role="cell" className="vtable-cell" title={r.reason}>
        <LicenseBadge status={r.status} />
      </div>
      <div role="cell" className="vtable-cell">
        {r.classification ? <AccessBadge value={r.classification} /> : <span className="muted">—</span>}
      </div>
      <div role="cell" className={`vtable-cell ${grants.tone}`}>
        {grants.text}
      </div>
      <div role="cell" className="vtable-cell muted" title={r.lastAccess ?? undefined}>
        {r.lastAccess ? formatDate(r.lastAccess) : '—'}
      </div>
    </div>
  );
});

interface Props {
  rows: LicenseRow[];
  total: number;
  selected: string | null;
  onSelect(key: string): void;
  onNeedMore(): void;
}

/** Every artifact of every bundle, virtualized; the next page loads as the user nears the end. */
export function LicenseTable({ rows, total, selected, onSelect, onNeedMore }: Props) {
  return (
    <PagedVirtualTable
      className="license-table"
      label="Licenses of every artifact"
      scrollLabel="Artifacts, scrollable"
      columns={COLUMNS}
      rows={rows}
      total={total}
      rowHeight={ROW_HEIGHT}
      prefetch={30}
      onNeedMore={onNeedMore}
      renderRow={(r, index, start) => (
        <Row key={rowKey(r)} r={r} index={index} start={start} selected={rowKey(r) === selected} onSelect={onSelect} />
      )}
    />
  );
}
