import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { ResponseOf } from '../../src-main/common/contract';
import type { ReplicationState } from '../../src-main/common/schemas/bundle';
import type { ListedBundle, RunColumnKey, RunColumns, RunFilter } from '../../src-main/common/schemas/run-table';
import { at, paged, pager, remote, remoteLoader, type Paged, type Remote } from './loadable';
import { readColumns, saveColumns, toggleColumn, type ColumnId } from './run-table-columns';
import type { AppState } from './types';

export type BundleSort = 'importedAt' | 'name' | 'author' | 'status' | 'completeness' | 'runStart';
export type SortDirection = 'asc' | 'desc';

export interface BundleListState extends Paged<ListedBundle> {
  query: string;
  state: ReplicationState | null; // narrowed to one replication state (the dashboard links here so)
  sort: BundleSort;
  sortKey: RunColumnKey | null; // a metric or parameter column sorted on, before `sort`
  direction: SortDirection;
  filters: RunFilter[];
}

export interface BundlesSlice {
  bundleList: BundleListState;
  /** The run table's columns, as the user chose them (kept across launches). */
  bundleColumns: ColumnId[];
  /** Runs ticked for comparison, in the order ticked (the first is the baseline). */
  bundleSelection: string[];
  runColumns: Remote<RunColumns>;
  setBundleQuery(query: string): void;
  setBundleState(state: ReplicationState | null): void;
  setBundleSort(sort: BundleSort): void;
  setRunSort(key: RunColumnKey): void;
  addBundleFilter(filter: RunFilter): void;
  removeBundleFilter(index: number): void;
  toggleBundleColumn(id: ColumnId): void;
  toggleBundleSelected(digest: string): void;
  clearBundleSelection(): void;
  /**
   * The list under the current search, state, filters and sort; a newer search supersedes an older one still on its
   * way.
   */
  loadBundles(): Promise<void>;
  loadRunColumns(): Promise<void>;
}

// The list is sorted and filtered by the core; the renderer virtualizes up to this many rows.
const LIST_LIMIT = 20_000;
const MAX_SELECTED = 8;

const sameKey = (a: RunColumnKey | null, b: RunColumnKey) => a !== null && a.kind === b.kind && a.name === b.name;

export const createBundlesSlice: StateCreator<AppState, [], [], BundlesSlice> = (set, get) => {
  const piece = at(set, get, 'bundleList');
  const list = pager<ListedBundle, ResponseOf<'bundles:list'>, BundleListState>(piece, {
    limit: LIST_LIMIT,
    fetch: (page) => {
      const { query, state, sort, sortKey, direction, filters } = get().bundleList;
      const q = query.trim();
      return call('bundles:list', {
        ...(q ? { query: q } : {}),
        ...(state ? { state } : {}),
        sort,
        ...(sortKey ? { sortKey } : {}),
        direction,
        ...(filters.length ? { filters } : {}),
        withRun: true,
        ...page,
      });
    },
    page: (r) => ({ rows: r.bundles, total: r.total }),
  });
  const change = (p: Partial<BundleListState>) => {
    piece.set((l) => ({ ...l, ...p }));
    void list.load();
  };
  return {
    bundleList: {
      ...paged<ListedBundle>(),
      query: '',
      state: null,
      sort: 'importedAt',
      sortKey: null,
      direction: 'desc',
      filters: [],
    },
    bundleColumns: readColumns(),
    bundleSelection: [],
    runColumns: remote(),
    setBundleQuery: (query) => change({ query }),
    setBundleState: (state) => change({ state }),
    setBundleSort(sort) {
      const l = get().bundleList;
      const same = l.sortKey === null && l.sort === sort;
      // A new column starts ascending, except dates, where the newest first is what people want.
      const direction: SortDirection = same
        ? l.direction === 'asc'
          ? 'desc'
          : 'asc'
        : sort === 'importedAt' || sort === 'runStart'
          ? 'desc'
          : 'asc';
      change({ sort, sortKey: null, direction });
    },
    setRunSort(key) {
      const l = get().bundleList;
      // A metric starts highest first (the best accuracy on top); a parameter in ascending order.
      const direction: SortDirection = sameKey(l.sortKey, key)
        ? l.direction === 'asc'
          ? 'desc'
          : 'asc'
        : key.kind === 'metric'
          ? 'desc'
          : 'asc';
      change({ sortKey: key, direction });
    },
    addBundleFilter: (filter) => change({ filters: [...get().bundleList.filters, filter] }),
    removeBundleFilter: (index) => change({ filters: get().bundleList.filters.filter((_, i) => i !== index) }),
    toggleBundleColumn(id) {
      const columns = toggleColumn(get().bundleColumns, id);
      saveColumns(columns);
      set({ bundleColumns: columns });
    },
    toggleBundleSelected(digest) {
      const s = get().bundleSelection;
      set({
        bundleSelection: s.includes(digest)
          ? s.filter((d) => d !== digest)
          : s.length >= MAX_SELECTED
            ? s
            : [...s, digest],
      });
    },
    clearBundleSelection: () => set({ bundleSelection: [] }),
    loadBundles: () => list.load(),
    loadRunColumns: remoteLoader(at(set, get, 'runColumns'), () => call('bundles:runColumns', {})),
  };
};
