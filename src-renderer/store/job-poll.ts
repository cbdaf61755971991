import { errorText, latestOnly } from './loadable';

/**
 * Follows one background job of the core (an import, a replay) until it leaves `running`: its status is asked at
 * once, then every `every` ms. Following another job or stopping drops the one before: its answers are ignored.
 */
export interface JobPoll {
  /** Starts following this job; resolves once its first status has been handled. */
  follow(jobId: string): Promise<void>;
  stop(): void;
}

export function jobPoll<J extends { state: string }>(o: {
  every: number;
  status(jobId: string): Promise<J>;
  /** Each status while it runs. */
  running(job: J): void;
  /** The status it ended with (succeeded, failed, cancelled, …). */
  finished(job: J): void;
  /** Asking failed: the job's fate is unknown, so following stops. */
  failed(e: unknown): void;
}): JobPoll {
  const begin = latestOnly();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const tick = async (jobId: string, current: () => boolean): Promise<void> => {
    try {
      const job = await o.status(jobId);
      if (!current()) return;
      if (job.state === 'running') {
        o.running(job);
        timer = setTimeout(() => void tick(jobId, current), o.every);
      } else {
        o.finished(job);
      }
    } catch (e) {
      if (current()) o.failed(e);
    }
  };
  return {
    follow(jobId) {
      clear();
      return tick(jobId, begin());
    },
    stop() {
      clear();
      begin();
    },
  };
}

/** What a slice following one job keeps of it: the last status, that it ended, and why asking failed. */
export interface JobPatch<J> {
  job?: J;
  phase?: 'finished';
  error?: string;
}

/**
 * jobPoll for a slice that keeps `{ job, phase, error }` (an import, a replay, a registry sync): each status is patched
 * in; the last one with phase `finished`, then `done`; a failed ask ends it with the error's text.
 */
export function phasedJobPoll<J extends { state: string }>(o: {
  every: number;
  status(jobId: string): Promise<J>;
  patch(p: JobPatch<J>): void;
  done(job: J): void;
}): JobPoll {
  return jobPoll<J>({
    every: o.every,
    status: o.status,
    running: (job) => o.patch({ job }),
    finished: (job) => {
      o.patch({ job, phase: 'finished' });
      o.done(job);
    },
    failed: (e) => o.patch({ phase: 'finished', error: errorText(e) }),
  });
}
