import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { AppInfo } from '../../src-main/common/contract';
import { errorText, type AppState, type Loadable } from './types';

export interface InfoSlice {
  info: { data: AppInfo | null } & Loadable;
  loadInfo(): Promise<void>;
}

export const createInfoSlice: StateCreator<AppState, [], [], InfoSlice> = (set) => ({
  info: { data: null, loading: false, error: null },
  async loadInfo() {
    set((s) => ({ info: { ...s.info, loading: true, error: null } }));
    try {
      const data = await call('app:info', {});
      set({ info: { data, loading: false, error: null } });
    } catch (e) {
      set((s) => ({ info: { ...s.info, loading: false, error: errorText(e) } }));
    }
  },
});
