import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { ResponseOf } from '../../src-main/common/contract';
import type { ReplayJob } from '../../src-main/common/schemas/job';
import type { ReplayRecord, ReplaySummary } from '../../src-main/common/schemas/replay';
import { at, errorText, paged, pager, rescope, scoped, scopedLoader, type Paged, type Scoped } from './loadable';
import { phasedJobPoll } from './job-poll';
import type { AppState } from './types';

/**
 * Replays: the one started from this window (polled like an import), a bundle's history, every replay, and one stored
 * result.
 */

export interface ReplayRun {
  digest: string | null;
  phase: 'idle' | 'starting' | 'running' | 'finished';
  job: ReplayJob | null;
  error: string | null; // the request failed (a failed replay is a verdict, in job.result)
}

export interface ReplayList extends Paged<ReplaySummary> {
  key: string | null; // whose history (a bundle digest); null: every bundle
}

export interface ReplaysState {
  run: ReplayRun;
  history: ReplayList; // the bundle page's history
  all: ReplayList; // the Replays section
  record: Scoped<ReplayRecord>; // key: the replay id
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
const emptyList = (): ReplayList => ({ ...paged<ReplaySummary>(), key: null });

export function replayBusy(run: ReplayRun): boolean {
  return run.phase === 'starting' || run.phase === 'running';
}

export const createReplaysSlice: StateCreator<AppState, [], [], ReplaysSlice> = (set, get) => {
  const run = at(set, get, 'replays', 'run');
  const patchRun = (p: Partial<ReplayRun>) => run.set((r) => ({ ...r, ...p }));

  // A finished replay changes the history, the Replays list, the counts and the audit log.
  const finished = (digest: string | null) => {
    const s = get();
    if (digest && s.replays.history.key === digest) void s.loadReplayHistory(digest);
    if (s.replays.all.loaded) void s.loadAllReplays();
    void s.loadInfo();
    if (s.audit.log.loaded) void s.loadAudit();
  };
  const poll = phasedJobPoll<ReplayJob>({
    every: POLL_MS,
    status: (jobId) => call('replay:status', { jobId }),
    patch: patchRun,
    done: () => finished(get().replays.run.digest),
  });

  const replayList = (key: 'history' | 'all', digest: () => string | null) =>
    pager<ReplaySummary, ResponseOf<'replay:list'>, ReplayList>(at(set, get, 'replays', key), {
      limit: LIST_LIMIT,
      fetch: (page) => {
        const d = digest();
        return call('replay:list', { ...(d ? { digest: d } : {}), ...page });
      },
      page: (r) => ({ rows: r.replays, total: r.total }),
    });
  const history = replayList('history', () => get().replays.history.key);
  const all = replayList('all', () => null);

  return {
    replays: { run: idleRun, history: emptyList(), all: emptyList(), record: scoped() },
    async startReplay(digest, batchSize, override) {
      if (replayBusy(get().replays.run)) return;
      poll.stop();
      run.set(() => ({ digest, phase: 'starting', job: null, error: null }));
      try {
        const { jobId } = await call('replay:start', {
          digest,
          ...(batchSize ? { batchSize } : {}),
          ...(override ? { override } : {}),
        });
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
        await poll.follow(jobId);
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
      poll.stop();
      run.set(() => idleRun);
    },
    // Another bundle's rows must not show under this one while its own load.
    loadReplayHistory: (digest) => history.load(rescope(digest, emptyList())),
    loadAllReplays: () => all.load(),
    loadReplayRecord: scopedLoader(at(set, get, 'replays', 'record'), (id) => call('replay:get', { id })),
  };
};
