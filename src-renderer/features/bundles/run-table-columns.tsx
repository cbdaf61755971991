import type { ReactNode } from 'react';
import type { ListedBundle, RunColumnKey } from '../../../src-main/common/schemas/run-table';
import type { BundleSort } from '../../store/bundles-slice';
import { columnKey, type ColumnId, type FixedColumn } from '../../store/run-table-columns';
import { StatusBadge } from '../../components/status-badge';
import { AuthorCell, AuthorshipBadge } from '../../components/authorship-badge';
import { CompletenessDot } from '../../components/completeness-dot';
import { LicenseBadge } from '../../components/license-badge';
import { ReplicationBadge } from '../../components/replication-badge';
import { formatBytes, formatDate, formatDuration } from '../../components/format';

/** How one column of the run table looks: its header, grid track, narrowest width and cell. */
export interface ColumnDef {
  id: ColumnId;
  label: string;
  track: string;
  min: number; // px: the table scrolls sideways rather than squeeze a column below this
  sort?: BundleSort;
  sortKey?: RunColumnKey;
  num?: boolean;
  // Given way, lowest first, while the table is wider than its place (the bundle page shows them all).
  shed?: number;
  // A wider track only while a listed row needs it (a long state label), so the common case leaves room to others.
  wide?: { track: string; min: number; needed(b: ListedBundle): boolean };
  cell(b: ListedBundle): ReactNode;
}

const dash = <span className="muted">—</span>;

function dateCell(iso: string | null | undefined): ReactNode {
  if (!iso) return dash;
  const [day, time] = formatDate(iso).split(' ');
  // The time gives way on narrow windows; the day stays.
  return (
    <span title={iso}>
      <span>{day}</span> <span className="cell-time">{time ?? ''}</span>
    </span>
  );
}

function durationMs(b: ListedBundle): number | null {
  const s = b.run?.startTime ? Date.parse(b.run.startTime) : NaN;
  const e = b.run?.endTime ? Date.parse(b.run.endTime) : NaN;
  return Number.isFinite(s) && Number.isFinite(e) && e >= s ? e - s : null;
}

/** A metric as a table shows it: up to 4 significant decimals, the full value on hover. */
export function formatMetric(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return v.toLocaleString();
  const abs = Math.abs(v);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

const showParam = (v: unknown) => (v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));

const FIXED: Record<FixedColumn, Omit<ColumnDef, 'id'>> = {
  author: {
    label: 'Author',
    track: 'minmax(120px, 1.2fr)',
    min: 120,
    sort: 'author',
    shed: 3,
    cell: (b) => <AuthorCell authorship={b.authorship} author={b.author} />,
  },
  signer: {
    label: 'Signer',
    track: '180px',
    min: 180,
    cell: (b) => (b.authorship ? <AuthorshipBadge authorship={b.authorship} /> : dash),
  },
  importedAt: {
    label: 'Imported',
    track: 'minmax(104px, 160px)',
    min: 104,
    sort: 'importedAt',
    cell: (b) => dateCell(b.importedAt),
  },
  runStart: {
    label: 'Run started',
    track: 'minmax(104px, 160px)',
    min: 104,
    sort: 'runStart',
    cell: (b) => dateCell(b.run?.startTime),
  },
  duration: {
    label: 'Run time',
    track: '96px',
    min: 96,
    num: true,
    cell: (b) => (durationMs(b) === null ? dash : formatDuration(durationMs(b))),
  },
  status: {
    label: 'Status',
    track: '190px',
    min: 190,
    sort: 'status',
    cell: (b) => <StatusBadge status={b.status} integrity={b.integrity} />,
  },
  replication: {
    label: 'Replication',
    track: '150px',
    min: 150,
    // "! Failed (could not run)" whole, beside the cell's padding, when a listed bundle is in that state
    wide: { track: '200px', min: 200, needed: (b) => b.replication === 'failed' },
    cell: (b) => (b.replication ? <ReplicationBadge state={b.replication} /> : dash),
  },
  completeness: {
    label: 'Completeness',
    track: '135px',
    min: 135,
    sort: 'completeness',
    shed: 2,
    cell: (b) => <CompletenessDot level={b.completeness} />,
  },
  license: {
    label: 'License',
    track: '140px',
    min: 140,
    // the last to give way (at 1024 px beside a wide Replication column); the bundle page has it
    shed: 4,
    cell: (b) => (b.licenseVerdict ? <LicenseBadge status={b.licenseVerdict} /> : dash),
  },
  files: { label: 'Files', track: '64px', min: 64, num: true, shed: 1, cell: (b) => b.files.toLocaleString() },
  size: { label: 'Size', track: '84px', min: 84, num: true, shed: 1, cell: (b) => formatBytes(b.bytes) },
};

/** The column as these rows need it: its wider track when one of them needs that. */
export function fitColumn(def: ColumnDef, rows: readonly ListedBundle[]): ColumnDef {
  return def.wide && rows.some(def.wide.needed) ? { ...def, track: def.wide.track, min: def.wide.min } : def;
}

export function columnDef(id: ColumnId): ColumnDef {
  const key = columnKey(id);
  if (key?.kind === 'metric') {
    return {
      id,
      label: key.name,
      track: 'minmax(96px, 0.8fr)',
      min: 96,
      sortKey: key,
      num: true,
      cell: (b) => {
        const v = b.run?.metrics[key.name];
        return v === undefined ? dash : <span title={String(v)}>{formatMetric(v)}</span>;
      },
    };
  }
  if (key?.kind === 'param') {
    return {
      id,
      label: key.name,
      track: 'minmax(96px, 0.8fr)',
      min: 96,
      sortKey: key,
      cell: (b) => {
        const v = showParam(b.run?.params[key.name]);
        return v === null ? dash : <span title={v}>{v}</span>;
      },
    };
  }
  return { id, ...FIXED[id as FixedColumn] };
}

export const fixedLabel = (id: FixedColumn) => FIXED[id].label;
