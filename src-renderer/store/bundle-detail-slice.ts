import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { BundleDetail } from '../../src-main/common/schemas/bundle';
import { errorText, type AppState, type Loadable } from './types';

export interface BundleDetailSlice {
  bundleDetail: { digest: string | null; data: BundleDetail | null } & Loadable;
  loadBundle(digest: string): Promise<void>;
}

export const createBundleDetailSlice: StateCreator<AppState, [], [], BundleDetailSlice> = (set, get) => ({
  bundleDetail: { digest: null, data: null, loading: false, error: null },
  async loadBundle(digest) {
    set({ bundleDetail: { digest, data: null, loading: true, error: null } });
    try {
      const data = await call('bundles:get', { digest });
      if (get().bundleDetail.digest !== digest) return;
      set({ bundleDetail: { digest, data, loading: false, error: null } });
    } catch (e) {
      if (get().bundleDetail.digest !== digest) return;
      set({ bundleDetail: { digest, data: null, loading: false, error: errorText(e) } });
    }
  },
});
