import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { ReplayJob } from '../../src-main/common/schemas/job';
import type { ReplayRecord, ReplaySummary } from '../../src-main/common/schemas/replay';
import { errorText, type AppState, type Loadable } from './types';

/** Replays: the one started from this window (polled like an import), a bundle's history, every replay, and one stored result. */

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
}

export interface ReplaysSlice {
  replays: ReplaysState;
  startReplay(digest: string, batchSize?: number, override?: string): Promise<void>;
  cancelReplay(): Promise<void>;
  dismissReplay(): void;
  loadReplayHistory(digest: string): Promise<void>;
  loadAllReplays(): Promise<void>;
  loadReplayRecord(id: string): Promise<void>;
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

export const createReplaysSlice: StateCreator<AppState, [], [], ReplaysSlice> = (set, get) => {
  const patch = (p: Partial<ReplaysState>) => set((s) => ({ replays: { ...s.replays, ...p } }));
  const patchRun = (p: Partial<ReplayRun>) => set((s) => ({ replays: { ...s.replays, run: { ...s.replays.run, ...p } } }));

  // A finished replay changes the history, the Replays list, the counts and the audit log.
  const finished = (digest: string) => {
    const s = get();
    if (s.replays.history.digest === digest) void s.loadReplayHistory(digest);
    if (s.replays.all.loaded) void s.loadAllReplays();
    void s.loadInfo();
    if (s.audit.loaded) void s.loadAudit();
  };

  const poll = async (jobId: string, digest: string) => {
    try {
      const job = await call('replay:status', { jobId });
      if (get().replays.run.job?.id !== jobId) return;
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

  const setList = (key: 'history' | 'all', fn: (l: ReplayList) => ReplayList) => set((s) => ({ replays: { ...s.replays, [key]: fn(s.replays[key]) } }));

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
    replays: { run: idleRun, history: emptyList, all: emptyList, record: { id: null, data: null, loading: false, error: null } },
    async startReplay(digest, batchSize, override) {
      if (replayBusy(get().replays.run)) return;
      if (pollTimer) clearTimeout(pollTimer);
      patch({ run: { digest, phase: 'starting', job: null, error: null } });
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
      const job = get().replays.run.job;
      if (!job || job.state !== 'running') return;
      try {
        await call('replay:cancel', { jobId: job.id }); // the next poll reports the cancelled state
      } catch (e) {
        patchRun({ error: errorText(e) });
      }
    },
    dismissReplay() {
      if (replayBusy(get().replays.run)) return;
      if (pollTimer) clearTimeout(pollTimer);
      patch({ run: idleRun });
    },
    loadReplayHistory(digest) {
      const my = ++historySeq;
      return loadList('history', digest, () => my === historySeq);
    },
    loadAllReplays() {
      const my = ++allSeq;
      return loadList('all', null, () => my === allSeq);
    },
    async loadReplayRecord(id) {
      patch({ record: { id, data: null, loading: true, error: null } });
      try {
        const data = await call('replay:get', { id });
        if (get().replays.record.id === id) patch({ record: { id, data, loading: false, error: null } });
      } catch (e) {
        if (get().replays.record.id === id) patch({ record: { id, data: null, loading: false, error: errorText(e) } });
      }
    },
  };
};
