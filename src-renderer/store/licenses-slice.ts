import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { RequestOf } from '../../src-main/common/contract';
import type { AccessClass, FileRole } from '../../src-main/common/schemas/bundle';
import type { BundleLicenses, LicenseList, LicenseRow, LicenseStatusName } from '../../src-main/common/schemas/licenses';
import { errorText, type AppState, type Loadable } from './types';

export interface LicenseFilters {
  status: LicenseStatusName | '';
  classification: AccessClass | '';
  role: FileRole | '';
  text: string;
}

export interface LicenseTableState extends Loadable {
  filters: LicenseFilters;
  rows: LicenseRow[];
  total: number;
  counts: LicenseList['counts'] | null;
  loaded: boolean;
}

export interface LicensesSlice {
  licenseTable: LicenseTableState;
  bundleLicenses: { digest: string | null; data: BundleLicenses | null } & Loadable;
  setLicenseFilters(patch: Partial<LicenseFilters>): void;
  loadLicenses(): Promise<void>;
  loadMoreLicenses(): Promise<void>;
  loadBundleLicenses(digest: string): Promise<void>;
}

const PAGE = 1000;
let seq = 0;
export const emptyLicenseFilters: LicenseFilters = { status: '', classification: '', role: '', text: '' };

function query(f: LicenseFilters, offset: number): RequestOf<'licenses:list'> {
  const q: RequestOf<'licenses:list'> = { offset, limit: PAGE };
  if (f.status) q.status = f.status;
  if (f.classification) q.classification = f.classification;
  if (f.role) q.role = f.role;
  if (f.text.trim()) q.text = f.text.trim();
  return q;
}

export const createLicensesSlice: StateCreator<AppState, [], [], LicensesSlice> = (set, get) => {
  const patch = (p: Partial<LicenseTableState>) => set((s) => ({ licenseTable: { ...s.licenseTable, ...p } }));
  return {
    licenseTable: { filters: emptyLicenseFilters, rows: [], total: 0, counts: null, loaded: false, loading: false, error: null },
    bundleLicenses: { digest: null, data: null, loading: false, error: null },
    setLicenseFilters(p) {
      patch({ filters: { ...get().licenseTable.filters, ...p } });
      void get().loadLicenses();
    },
    async loadLicenses() {
      const my = ++seq;
      patch({ loading: true, error: null });
      try {
        const page = await call('licenses:list', query(get().licenseTable.filters, 0));
        if (my !== seq) return;
        patch({ rows: page.rows, total: page.total, counts: page.counts, loaded: true, loading: false });
      } catch (e) {
        if (my === seq) patch({ loading: false, error: errorText(e) });
      }
    },
    async loadMoreLicenses() {
      const t = get().licenseTable;
      if (t.loading || t.rows.length >= t.total) return;
      const my = ++seq;
      patch({ loading: true });
      try {
        const page = await call('licenses:list', query(t.filters, t.rows.length));
        if (my !== seq) return;
        patch({ rows: [...get().licenseTable.rows, ...page.rows], total: page.total, counts: page.counts, loading: false });
      } catch (e) {
        if (my === seq) patch({ loading: false, error: errorText(e) });
      }
    },
    async loadBundleLicenses(digest) {
      set({ bundleLicenses: { digest, data: null, loading: true, error: null } });
      try {
        const data = await call('licenses:bundle', { digest });
        if (get().bundleLicenses.digest === digest) set({ bundleLicenses: { digest, data, loading: false, error: null } });
      } catch (e) {
        if (get().bundleLicenses.digest === digest) set({ bundleLicenses: { digest, data: null, loading: false, error: errorText(e) } });
      }
    },
  };
};
