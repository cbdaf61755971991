import type { RunColumnKey } from '../../src-main/common/schemas/run-table';

/**
 * The run table's columns: the bundle's own (fixed ids) and, chosen by the user, any metric or parameter of the
 * runs (`metric:<name>`, `param:<name>`). The choice is kept in localStorage, like the theme.
 */

export type FixedColumn =
  | 'author'
  | 'signer'
  | 'importedAt'
  | 'runStart'
  | 'duration'
  | 'status'
  | 'replication'
  | 'completeness'
  | 'license'
  | 'files'
  | 'size';
export type ColumnId = FixedColumn | `metric:${string}` | `param:${string}`;

export const FIXED_COLUMNS: readonly FixedColumn[] = [
  'author',
  'signer',
  'importedAt',
  'runStart',
  'duration',
  'status',
  'replication',
  'completeness',
  'license',
  'files',
  'size',
];
export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  'author',
  'importedAt',
  'status',
  'replication',
  'completeness',
  'license',
  'files',
  'size',
];
const COLUMNS_KEY = 'provdesk.runTable.columns';
const MAX_COLUMNS = 30;

export function columnKey(id: ColumnId): RunColumnKey | null {
  if (id.startsWith('metric:')) return { kind: 'metric', name: id.slice(7) };
  if (id.startsWith('param:')) return { kind: 'param', name: id.slice(6) };
  return null;
}

export const keyColumn = (k: RunColumnKey): ColumnId => `${k.kind}:${k.name}`;

function isColumn(v: unknown): v is ColumnId {
  if (typeof v !== 'string' || v.length > 210) return false;
  if ((FIXED_COLUMNS as readonly string[]).includes(v)) return true;
  return (v.startsWith('metric:') && v.length > 7) || (v.startsWith('param:') && v.length > 6);
}

/** A stored choice, or the defaults when there is none or it is not one this version understands. */
export function parseColumns(stored: string | null): ColumnId[] {
  if (stored === null) return [...DEFAULT_COLUMNS];
  try {
    const v: unknown = JSON.parse(stored);
    if (!Array.isArray(v)) return [...DEFAULT_COLUMNS];
    return [...new Set(v.filter(isColumn))].slice(0, MAX_COLUMNS);
  } catch {
    return [...DEFAULT_COLUMNS];
  }
}

export function readColumns(): ColumnId[] {
  try {
    return parseColumns(localStorage.getItem(COLUMNS_KEY));
  } catch {
    return [...DEFAULT_COLUMNS];
  }
}

export function saveColumns(columns: readonly ColumnId[]): void {
  try {
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(columns));
  } catch {
    // Storage may be unavailable; the choice then lasts for this session only.
  }
}

/** Turns a column on (appended) or off. */
export function toggleColumn(columns: readonly ColumnId[], id: ColumnId): ColumnId[] {
  return columns.includes(id) ? columns.filter((c) => c !== id) : [...columns, id].slice(0, MAX_COLUMNS);
}
