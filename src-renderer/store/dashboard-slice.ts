import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { Dashboard } from '../../src-main/common/schemas/dashboard';
import { at, remote, remoteLoader, type Remote } from './loadable';
import type { AppState } from './types';

export interface DashboardSlice {
  // On a failed refresh the last figures stay beside the error: stale numbers, clearly marked, beat a blank page.
  dashboard: Remote<Dashboard>;
  loadDashboard(): Promise<void>;
}

export const createDashboardSlice: StateCreator<AppState, [], [], DashboardSlice> = (set, get) => ({
  dashboard: remote(),
  loadDashboard: remoteLoader(at(set, get, 'dashboard'), () => call('dashboard:get', {})),
});
