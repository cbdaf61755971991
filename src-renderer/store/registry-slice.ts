import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { RequestOf } from '../../src-main/common/contract';
import type { SyncJob } from '../../src-main/common/schemas/job';
import { errorText } from './loadable';
import { phasedJobPoll } from './job-poll';
import type { AppState } from './types';

/**
 * The Team registry's sync (issue 15), run as a core job and polled like a replay: its steps while it runs, a Cancel
 * that stops it between requests, and how it ended. Kept in the store so leaving the screen does not lose it.
 */
export interface RegistrySyncRun {
  repository: string | null;
  phase: 'idle' | 'starting' | 'running' | 'finished';
  job: SyncJob | null;
  error: string | null; // the request failed (a wrong passphrase, an unknown job); a failed sync is in job.error
}

export interface RegistrySlice {
  registrySync: RegistrySyncRun;
  startRegistrySync(request: RequestOf<'registry:syncStart'>): Promise<void>;
  cancelRegistrySync(): Promise<void>;
}

const POLL_MS = 250;
const idle: RegistrySyncRun = { repository: null, phase: 'idle', job: null, error: null };

export function registrySyncBusy(run: RegistrySyncRun): boolean {
  return run.phase === 'starting' || run.phase === 'running';
}

export const createRegistrySlice: StateCreator<AppState, [], [], RegistrySlice> = (set, get) => {
  const patch = (p: Partial<RegistrySyncRun>) => set((s) => ({ registrySync: { ...s.registrySync, ...p } }));
  // What a sync moved shows in the audit log and the approvals.
  const finished = () => {
    const s = get();
    void s.loadInfo();
    if (s.audit.log.loaded) void s.loadAudit();
  };
  const poll = phasedJobPoll<SyncJob>({
    every: POLL_MS,
    status: (jobId) => call('registry:syncStatus', { jobId }),
    patch: patch,
    done: () => finished(),
  });
  return {
    registrySync: idle,
    async startRegistrySync(request) {
      if (registrySyncBusy(get().registrySync)) return;
      poll.stop();
      set({ registrySync: { repository: request.repository, phase: 'starting', job: null, error: null } });
      try {
        const { jobId } = await call('registry:syncStart', request);
        await poll.follow(jobId);
      } catch (e) {
        patch({ phase: 'finished', error: errorText(e) });
      }
    },
    async cancelRegistrySync() {
      const job = get().registrySync.job;
      if (!job || job.state !== 'running') return;
      try {
        await call('registry:syncCancel', { jobId: job.id }); // the next poll reports the cancelled state
      } catch (e) {
        patch({ error: errorText(e) });
      }
    },
  };
};
