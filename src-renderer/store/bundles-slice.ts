import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { BundleSummary, ReplicationState } from '../../src-main/common/schemas/bundle';
import { errorText, type AppState, type Loadable } from './types';

export type BundleSort = 'importedAt' | 'name' | 'author' | 'status' | 'completeness';
export type SortDirection = 'asc' | 'desc';

export interface BundleListState extends Loadable {
  query: string;
  state: ReplicationState | null; // narrowed to one replication state (the dashboard links here so)
  sort: BundleSort;
  direction: SortDirection;
  total: number;
  rows: BundleSummary[];
  loaded: boolean; // at least one answer arrived, so an empty list means "no bundles"
}

export interface BundlesSlice {
  bundleList: BundleListState;
  setBundleQuery(query: string): void;
  setBundleState(state: ReplicationState | null): void;
  setBundleSort(sort: BundleSort): void;
  loadBundles(): Promise<void>;
}

// The list is sorted and filtered by the core; the renderer virtualizes up to this many rows.
const LIST_LIMIT = 20_000;
let requestSeq = 0;

export const createBundlesSlice: StateCreator<AppState, [], [], BundlesSlice> = (set, get) => ({
  bundleList: { query: '', state: null, sort: 'importedAt', direction: 'desc', total: 0, rows: [], loaded: false, loading: false, error: null },
  setBundleQuery(query) {
    set((s) => ({ bundleList: { ...s.bundleList, query } }));
    void get().loadBundles();
  },
  setBundleState(state) {
    set((s) => ({ bundleList: { ...s.bundleList, state } }));
    void get().loadBundles();
  },
  setBundleSort(sort) {
    set((s) => {
      const same = s.bundleList.sort === sort;
      // A new column starts ascending, except dates, where the newest first is what people want.
      const direction: SortDirection = same ? (s.bundleList.direction === 'asc' ? 'desc' : 'asc') : sort === 'importedAt' ? 'desc' : 'asc';
      return { bundleList: { ...s.bundleList, sort, direction } };
    });
    void get().loadBundles();
  },
  async loadBundles() {
    const seq = ++requestSeq;
    const { query, state, sort, direction } = get().bundleList;
    set((s) => ({ bundleList: { ...s.bundleList, loading: true, error: null } }));
    try {
      const q = query.trim();
      const res = await call('bundles:list', { ...(q ? { query: q } : {}), ...(state ? { state } : {}), sort, direction, offset: 0, limit: LIST_LIMIT });
      if (seq !== requestSeq) return; // a newer search superseded this one
      set((s) => ({ bundleList: { ...s.bundleList, rows: res.bundles, total: res.total, loaded: true, loading: false } }));
    } catch (e) {
      if (seq !== requestSeq) return;
      set((s) => ({ bundleList: { ...s.bundleList, loading: false, error: errorText(e) } }));
    }
  },
});
