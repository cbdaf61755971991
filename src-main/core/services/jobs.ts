import { randomUUID } from 'node:crypto';
import type { ImportJob, Job, Progress, ReplayJob, SyncJob } from '../../common/schemas/job';
import type { SyncProgress, SyncResult } from '../../common/schemas/registry';
import type { ImportResult } from '../../common/schemas/bundle';
import type { ReplayOutcomeView } from '../../common/schemas/replay';
import { CodedError } from '../../common/result';
import { toErrorResult } from './dispatch';

export type ImportWork = (signal: AbortSignal, onProgress: (p: Progress) => void) => Promise<ImportResult>;
/** A replay's work reports rows done and resolves with the outcome and the history row it was kept as. */
export type ReplayWork = (
  signal: AbortSignal,
  onRows: (rows: number) => void,
) => Promise<{ replayId: string; outcome: ReplayOutcomeView }>;
/** A registry sync's work reports its steps and resolves with what moved. */
export type SyncWork = (signal: AbortSignal, onProgress: (p: SyncProgress) => void) => Promise<SyncResult>;
/** @deprecated the import work type's old name */
export type JobWork = ImportWork;

const idleProgress: Progress = {
  stage: 'queued',
  bytesDone: 0,
  bytesTotal: 0,
  filesDone: 0,
  filesTotal: 0,
  rateBytesPerSec: 0,
  etaMs: null,
};
const keepFinished = 50; // finished jobs kept for late pollers; older ones are forgotten

interface Entry {
  job: Job;
  controller: AbortController;
  done: Promise<void>;
  startedAt: number; // performance.now() when the work started, for a replay's rows per second
}

/**
 * Long-running imports, replays and registry syncs the UI polls, told apart by `kind`; each can be cancelled through
 * its AbortController.
 */
export class Jobs {
  private readonly jobs = new Map<string, Entry>();
  constructor(private readonly clock: () => number = () => performance.now()) {}

  startImport(label: string, work: ImportWork): string {
    const job: ImportJob = {
      id: randomUUID(),
      kind: 'import',
      label,
      state: 'running',
      progress: idleProgress,
      result: null,
      error: null,
    };
    return this.trackReporting(job, work);
  }

  startReplay(label: string, bundleDigest: string, work: ReplayWork): string {
    const job: ReplayJob = {
      id: randomUUID(),
      kind: 'replay',
      label,
      bundleDigest,
      state: 'running',
      progress: { stage: 'running', rowsDone: 0, rowsPerSec: 0, elapsedMs: 0 },
      replayId: null,
      result: null,
      error: null,
    };
    const startedAt = this.clock();
    return this.track(
      job,
      (signal) =>
        work(signal, (rows) => {
          const elapsedMs = this.clock() - startedAt;
          job.progress = {
            stage: 'running',
            rowsDone: rows,
            rowsPerSec: elapsedMs > 0 ? (rows * 1000) / elapsedMs : 0,
            elapsedMs,
          };
        }).then(({ replayId, outcome }) => {
          job.replayId = replayId;
          job.result = outcome;
          job.progress = { ...job.progress, stage: 'done', elapsedMs: this.clock() - startedAt };
        }),
      startedAt,
    );
  }

  startSync(label: string, work: SyncWork): string {
    const job: SyncJob = {
      id: randomUUID(),
      kind: 'sync',
      label,
      state: 'running',
      progress: {
        step: 'reading',
        done: 0,
        total: 0,
        pushedDecisions: 0,
        importedDecisions: 0,
        witnesses: 0,
        text: 'Starting',
      },
      result: null,
      error: null,
    };
    return this.trackReporting(job, work);
  }

  /** Any job by id; CodedError('not-found') when unknown or of another kind than asked. */
  status(id: string): Job;
  status(id: string, kind: 'import'): ImportJob;
  status(id: string, kind: 'replay'): ReplayJob;
  status(id: string, kind: 'sync'): SyncJob;
  status(id: string, kind?: Job['kind']): Job {
    const entry = this.jobs.get(id);
    if (!entry || (kind && entry.job.kind !== kind))
      throw new CodedError('not-found', `no ${kind ?? ''}${kind ? ' ' : ''}job ${id}`);
    const job = entry.job;
    if (job.kind === 'replay' && job.state === 'running') {
      return { ...job, progress: { ...job.progress, elapsedMs: this.clock() - entry.startedAt } };
    }
    return { ...job, progress: { ...job.progress } } as Job;
  }

  /** Cancels a running job (of `kind`, when given); false when there is none. */
  cancel(id: string, kind?: Job['kind']): boolean {
    const entry = this.jobs.get(id);
    if (!entry || entry.job.state !== 'running' || (kind && entry.job.kind !== kind)) return false;
    entry.controller.abort();
    return true;
  }

  runningIds(): string[] {
    return [...this.jobs.values()].filter((e) => e.job.state === 'running').map((e) => e.job.id);
  }

  /** Resolves when every running job has settled (used on shutdown and in tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((e) => e.done));
  }

  /** A job whose work reports its progress whole and resolves with its result (imports and syncs). */
  private trackReporting<J extends ImportJob | SyncJob>(
    job: J,
    work: (signal: AbortSignal, onProgress: (p: J['progress']) => void) => Promise<NonNullable<J['result']>>,
  ): string {
    return this.track(job, (signal) =>
      work(signal, (p) => {
        job.progress = p;
      }).then((result) => {
        job.result = result;
      }),
    );
  }

  private track(job: Job, run: (signal: AbortSignal) => Promise<void>, startedAt = this.clock()): string {
    const controller = new AbortController();
    const done = run(controller.signal).then(
      () => {
        job.state = 'done';
      },
      (error: unknown) => {
        const cancelled = controller.signal.aborted || (error instanceof CodedError && error.code === 'cancelled');
        job.state = cancelled ? 'cancelled' : 'failed';
        const failure = toErrorResult(error);
        job.error = failure.ok ? null : failure.error;
      },
    );
    this.jobs.set(job.id, { job, controller, done, startedAt });
    this.forgetOld();
    return job.id;
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((e) => e.job.state !== 'running');
    for (const entry of finished.slice(0, Math.max(0, finished.length - keepFinished))) this.jobs.delete(entry.job.id);
  }
}

/** The class's old name, from when it ran imports only. */
export const ImportJobs = Jobs;
export type ImportJobs = Jobs;
