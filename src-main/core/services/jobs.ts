import { randomUUID } from 'node:crypto';
import type { ImportJob, Progress } from '../../common/schemas/job';
import type { ImportResult } from '../../common/schemas/bundle';
import { CodedError } from '../../common/result';
import { toErrorResult } from './dispatch';

export type JobWork = (signal: AbortSignal, onProgress: (p: Progress) => void) => Promise<ImportResult>;

const idleProgress: Progress = { stage: 'queued', bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0, rateBytesPerSec: 0, etaMs: null };
const keepFinished = 50; // finished jobs kept for late pollers; older ones are forgotten

/** Long-running imports the UI polls; each can be cancelled through its AbortController. */
export class ImportJobs {
  private readonly jobs = new Map<string, { job: ImportJob; controller: AbortController; done: Promise<void> }>();

  start(label: string, work: JobWork): string {
    const id = randomUUID();
    const controller = new AbortController();
    const job: ImportJob = { id, kind: 'import', label, state: 'running', progress: idleProgress, result: null, error: null };
    const done = work(controller.signal, (p) => {
      job.progress = p;
    }).then(
      (result) => {
        job.result = result;
        job.state = 'done';
      },
      (error: unknown) => {
        const cancelled = controller.signal.aborted || (error instanceof CodedError && error.code === 'cancelled');
        job.state = cancelled ? 'cancelled' : 'failed';
        const failure = toErrorResult(error);
        job.error = failure.ok ? null : failure.error;
      },
    );
    this.jobs.set(id, { job, controller, done });
    this.forgetOld();
    return id;
  }

  status(id: string): ImportJob {
    const entry = this.jobs.get(id);
    if (!entry) throw new CodedError('not-found', `no import job ${id}`);
    return { ...entry.job, progress: { ...entry.job.progress } };
  }

  cancel(id: string): boolean {
    const entry = this.jobs.get(id);
    if (!entry || entry.job.state !== 'running') return false;
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

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((e) => e.job.state !== 'running');
    for (const entry of finished.slice(0, Math.max(0, finished.length - keepFinished))) this.jobs.delete(entry.job.id);
  }
}
