import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { ResponseOf } from '../../src-main/common/contract';
import type { BundleSummary, ReplicationState } from '../../src-main/common/schemas/bundle';
import { at, paged, pager, type Paged } from './loadable';
import type { AppState } from './types';

export type BundleSort = 'importedAt' | 'name' | 'author' | 'status' | 'completeness';
export type SortDirection = 'asc' | 'desc';

export interface BundleListState extends Paged<BundleSummary> {
  query: string;
  state: ReplicationState | null; // narrowed to one replication state (the dashboard links here so)
  sort: BundleSort;
  direction: SortDirection;
}

export interface BundlesSlice {
  bundleList: BundleListState;
  setBundleQuery(query: string): void;
  setBundleState(state: ReplicationState | null): void;
  setBundleSort(sort: BundleSort): void;
  /** The list under the current search, state and sort; a newer search supersedes an older one still on its way. */
  loadBundles(): Promise<void>;
}

// The list is sorted and filtered by the core; the renderer virtualizes up to this many rows.
const LIST_LIMIT = 20_000;

export const createBundlesSlice: StateCreator<AppState, [], [], BundlesSlice> = (set, get) => {
  const piece = at(set, get, 'bundleList');
  const list = pager<BundleSummary, ResponseOf<'bundles:list'>, BundleListState>(piece, {
    limit: LIST_LIMIT,
    fetch: (page) => {
      const { query, state, sort, direction } = get().bundleList;
      const q = query.trim();
      return call('bundles:list', { ...(q ? { query: q } : {}), ...(state ? { state } : {}), sort, direction, ...page });
    },
    page: (r) => ({ rows: r.bundles, total: r.total }),
  });
  const change = (p: Partial<BundleListState>) => {
    piece.set((l) => ({ ...l, ...p }));
    void list.load();
  };
  return {
    bundleList: { ...paged<BundleSummary>(), query: '', state: null, sort: 'importedAt', direction: 'desc' },
    setBundleQuery: (query) => change({ query }),
    setBundleState: (state) => change({ state }),
    setBundleSort(sort) {
      const l = get().bundleList;
      // A new column starts ascending, except dates, where the newest first is what people want.
      const direction: SortDirection = l.sort === sort ? (l.direction === 'asc' ? 'desc' : 'asc') : sort === 'importedAt' ? 'desc' : 'asc';
      change({ sort, direction });
    },
    loadBundles: () => list.load(),
  };
};
