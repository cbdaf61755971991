import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { BundleDetail } from '../../src-main/common/schemas/bundle';
import { at, scoped, scopedLoader, type Scoped } from './loadable';
import type { AppState } from './types';

export interface BundleDetailSlice {
  bundleDetail: Scoped<BundleDetail>; // key: the bundle digest
  loadBundle(digest: string): Promise<void>;
}

export const createBundleDetailSlice: StateCreator<AppState, [], [], BundleDetailSlice> = (set, get) => ({
  bundleDetail: scoped(),
  loadBundle: scopedLoader(at(set, get, 'bundleDetail'), (digest) => call('bundles:get', { digest })),
});
