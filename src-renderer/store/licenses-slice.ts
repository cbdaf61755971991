import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { RequestOf, ResponseOf } from '../../src-main/common/contract';
import type { AccessClass, FileRole } from '../../src-main/common/schemas/bundle';
import type {
  BundleLicenses,
  LicenseList,
  LicenseRow,
  LicenseStatusName,
} from '../../src-main/common/schemas/licenses';
import { at, paged, pager, scoped, scopedLoader, type Paged, type Scoped } from './loadable';
import type { AppState } from './types';

export interface LicenseFilters {
  status: LicenseStatusName | '';
  classification: AccessClass | '';
  role: FileRole | '';
  text: string;
}

export interface LicenseTableState extends Paged<LicenseRow> {
  filters: LicenseFilters;
  counts: LicenseList['counts'] | null;
}

export interface LicensesSlice {
  licenseTable: LicenseTableState;
  bundleLicenses: Scoped<BundleLicenses>; // key: the bundle digest
  setLicenseFilters(patch: Partial<LicenseFilters>): void;
  loadLicenses(): Promise<void>;
  loadMoreLicenses(): Promise<void>;
  loadBundleLicenses(digest: string): Promise<void>;
}

const PAGE = 1000;
export const emptyLicenseFilters: LicenseFilters = { status: '', classification: '', role: '', text: '' };

function query(f: LicenseFilters, page: { offset: number; limit: number }): RequestOf<'licenses:list'> {
  const q: RequestOf<'licenses:list'> = { ...page };
  if (f.status) q.status = f.status;
  if (f.classification) q.classification = f.classification;
  if (f.role) q.role = f.role;
  if (f.text.trim()) q.text = f.text.trim();
  return q;
}

export const createLicensesSlice: StateCreator<AppState, [], [], LicensesSlice> = (set, get) => {
  const table = at(set, get, 'licenseTable');
  const rows = pager<LicenseRow, ResponseOf<'licenses:list'>, LicenseTableState>(table, {
    limit: PAGE,
    fetch: (page) => call('licenses:list', query(get().licenseTable.filters, page)),
    page: (r) => ({ rows: r.rows, total: r.total }),
    also: (r) => ({ counts: r.counts }),
  });
  return {
    licenseTable: { ...paged<LicenseRow>(), filters: emptyLicenseFilters, counts: null },
    bundleLicenses: scoped(),
    setLicenseFilters(p) {
      table.set((t) => ({ ...t, filters: { ...t.filters, ...p } }));
      void rows.load();
    },
    loadLicenses: () => rows.load(),
    loadMoreLicenses: () => rows.more(),
    loadBundleLicenses: scopedLoader(at(set, get, 'bundleLicenses'), (digest) => call('licenses:bundle', { digest })),
  };
};
