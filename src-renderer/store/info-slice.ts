import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { AppInfo } from '../../src-main/common/contract';
import { at, remote, remoteLoader, type Remote } from './loadable';
import type { AppState } from './types';

export interface InfoSlice {
  info: Remote<AppInfo>;
  loadInfo(): Promise<void>;
}

export const createInfoSlice: StateCreator<AppState, [], [], InfoSlice> = (set, get) => ({
  info: remote(),
  loadInfo: remoteLoader(at(set, get, 'info'), () => call('app:info', {})),
});
