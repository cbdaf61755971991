import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { Dashboard } from '../../src-main/common/schemas/dashboard';
import { errorText, type AppState, type Loadable } from './types';

export interface DashboardSlice {
  dashboard: { data: Dashboard | null } & Loadable;
  loadDashboard(): Promise<void>;
}

let requestSeq = 0;

export const createDashboardSlice: StateCreator<AppState, [], [], DashboardSlice> = (set) => ({
  dashboard: { data: null, loading: false, error: null },
  async loadDashboard() {
    const seq = ++requestSeq;
    set((s) => ({ dashboard: { ...s.dashboard, loading: true, error: null } }));
    try {
      const data = await call('dashboard:get', {});
      if (seq === requestSeq) set({ dashboard: { data, loading: false, error: null } });
    } catch (e) {
      // The last figures stay on screen beside the error: stale numbers, clearly marked, beat a blank page.
      if (seq === requestSeq) set((s) => ({ dashboard: { ...s.dashboard, loading: false, error: errorText(e) } }));
    }
  },
});
