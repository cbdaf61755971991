import { latestOnly } from './loadable';

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
