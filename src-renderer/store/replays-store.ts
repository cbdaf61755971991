import { create } from 'zustand';
import { call } from '../api/client';
import type { ReplayJob } from '../../src-main/common/schemas/job';
import type { ReplayRecord, ReplaySummary } from '../../src-main/common/schemas/replay';
import { useAppStore } from './app-store';
import { errorText, type Loadable } from './types';

/**
 * Replays: the one started from this window (polled like an import), a bundle's history, every replay, and
 * one stored result. Kept in its own store so the replay screens do not widen the shared AppState while
 * other slices are in flux; `createReplaysState` is the slice creator should it join the app store later.
 */

export interface ReplayRun {
  digest: string | null;
  phase: 'idle' | 'starting' | 'running' | 'finished';
  job: ReplayJob | null;
  error: string | null; // the request failed (a failed replay is a verdict, in job.result)
}

export interface ReplayList extends Loadable {
  digest: string | null; // whose history; null: every bundle
  rows: ReplaySummary[];
  total: number;
  loaded: boolean;
}

export interface ReplaysState {
  run: ReplayRun;
  history: ReplayList; // the bundle page's history
  all: ReplayList; // the Replays section
  record: { id: string | null; data: ReplayRecord | null } & Loadable;
  startReplay(digest: string, batchSize?: number, override?: string): Promise<void>;
  cancelReplay(): Promise<void>;
  dismissReplay(): void;
  loadHistory(digest: string): Promise<void>;
  loadAll(): Promise<void>;
  loadRecord(id: string): Promise<void>;
}

const POLL_MS = 250;
const LIST_LIMIT = 1000;
const idleRun: ReplayRun = { digest: null, phase: 'idle', job: null, error: null };
const emptyList: ReplayList = { digest: null, rows: [], total: 0, loaded: false, loading: false, error: null };
let pollTimer: ReturnType<typeof setTimeout> | null = null;
let historySeq = 0;
let allSeq = 0;

export function replayBusy(run: ReplayRun): boolean {
  return run.phase === 'starting' || run.phase === 'running';
}

type Set = (fn: (s: ReplaysState) => Partial<ReplaysState>) => void;

export function createReplaysState(set: Set, get: () => ReplaysState): ReplaysState {
  const patchRun = (p: Partial<ReplayRun>) => set((s) => ({ run: { ...s.run, ...p } }));

  // A finished replay changes the history, the Replays list and the audit log.
  const finished = (digest: string) => {
    const s = get();
    if (s.history.digest === digest) void s.loadHistory(digest);
    if (s.all.loaded) void s.loadAll();
    const app = useAppStore.getState();
    void app.loadInfo();
    if (app.audit.loaded) void app.loadAudit();
  };

  const poll = async (jobId: string, digest: string) => {
    try {
      const job = await call('replay:status', { jobId });
      if (get().run.job?.id !== jobId) return;
      if (job.state === 'running') {
        patchRun({ job });
        pollTimer = setTimeout(() => void poll(jobId, digest), POLL_MS);
      } else {
        patchRun({ job, phase: 'finished' });
        finished(digest);
      }
    } catch (e) {
      patchRun({ phase: 'finished', error: errorText(e) });
    }
  };

  const setList = (key: 'history' | 'all', fn: (l: ReplayList) => ReplayList) => set((s) => (key === 'history' ? { history: fn(s.history) } : { all: fn(s.all) }));

  const loadList = async (key: 'history' | 'all', digest: string | null, mine: () => boolean) => {
    // Another bundle's rows must not show under this one while its own load.
    setList(key, (l) => ({ ...(l.digest === digest ? l : emptyList), digest, loading: true, error: null }));
    try {
      const res = await call('replay:list', { ...(digest ? { digest } : {}), offset: 0, limit: LIST_LIMIT });
      if (mine()) setList(key, () => ({ digest, rows: res.replays, total: res.total, loaded: true, loading: false, error: null }));
    } catch (e) {
      if (mine()) setList(key, (l) => ({ ...l, loading: false, error: errorText(e) }));
    }
  };

  return {
    run: idleRun,
    history: emptyList,
    all: emptyList,
    record: { id: null, data: null, loading: false, error: null },
    async startReplay(digest, batchSize, override) {
      if (replayBusy(get().run)) return;
      if (pollTimer) clearTimeout(pollTimer);
      set(() => ({ run: { digest, phase: 'starting', job: null, error: null } }));
      try {
        const { jobId } = await call('replay:start', { digest, ...(batchSize ? { batchSize } : {}), ...(override ? { override } : {}) });
        const placeholder: ReplayJob = {
          id: jobId,
          kind: 'replay',
          label: '',
          bundleDigest: digest,
          state: 'running',
          progress: { stage: 'queued', rowsDone: 0, rowsPerSec: 0, elapsedMs: 0 },
          replayId: null,
          result: null,
          error: null,
        };
        patchRun({ phase: 'running', job: placeholder });
        await poll(jobId, digest);
      } catch (e) {
        patchRun({ phase: 'finished', error: errorText(e) });
      }
    },
    async cancelReplay() {
      const job = get().run.job;
      if (!job || job.state !== 'running') return;
      try {
        await call('replay:cancel', { jobId: job.id }); // the next poll reports the cancelled state
      } catch (e) {
        patchRun({ error: errorText(e) });
      }
    },
    dismissReplay() {
      if (replayBusy(get().run)) return;
      if (pollTimer) clearTimeout(pollTimer);
      set(() => ({ run: idleRun }));
    },
    loadHistory(digest) {
      const my = ++historySeq;
      return loadList('history', digest, () => my === historySeq);
    },
    loadAll() {
      const my = ++allSeq;
      return loadList('all', null, () => my === allSeq);
    },
    async loadRecord(id) {
      set(() => ({ record: { id, data: null, loading: true, error: null } }));
      try {
        const data = await call('replay:get', { id });
        if (get().record.id === id) set(() => ({ record: { id, data, loading: false, error: null } }));
      } catch (e) {
        if (get().record.id === id) set(() => ({ record: { id, data: null, loading: false, error: errorText(e) } }));
      }
    },
  };
}

export const useReplayStore = create<ReplaysState>()((set, get) => createReplaysState(set, get));
