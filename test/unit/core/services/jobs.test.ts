import { describe, expect, it } from 'vitest';
import { Jobs } from '../../../../src-main/core/services/jobs';
import type { ReplayOutcomeView } from '../../../../src-main/common/schemas/replay';

/** The job table on its own, with a hand-driven clock (no timing in assertions). */

const outcome = { verdict: 'reproduced' } as ReplayOutcomeView; // the table stores it without looking inside

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('Jobs', () => {
  it('tracks a replay: rows done and rows per second from the clock, then the outcome and its history id', async () => {
    let now = 1000;
    const jobs = new Jobs(() => now);
    const work = deferred<{ replayId: string; outcome: ReplayOutcomeView }>();
    let report!: (rows: number) => void;
    const id = jobs.startReplay('iris', 'a'.repeat(64), (_signal, onRows) => {
      report = onRows;
      return work.promise;
    });
    expect(jobs.status(id, 'replay')).toMatchObject({
      kind: 'replay',
      state: 'running',
      bundleDigest: 'a'.repeat(64),
      progress: { rowsDone: 0 },
    });
    now = 3000;
    report(500);
    expect(jobs.status(id, 'replay').progress).toEqual({
      stage: 'running',
      rowsDone: 500,
      rowsPerSec: 250,
      elapsedMs: 2000,
    });
    now = 4000;
    expect(jobs.status(id, 'replay').progress.elapsedMs).toBe(3000); // still counting while running
    work.resolve({ replayId: 'r1', outcome });
    await jobs.settle();
    expect(jobs.status(id)).toMatchObject({
      state: 'done',
      replayId: 'r1',
      result: outcome,
      progress: { stage: 'done', rowsDone: 500 },
    });
  });

  it('keeps kinds apart: an import id is not a replay, and cancelling by the wrong kind does nothing', async () => {
    const jobs = new Jobs();
    const work = deferred<never>();
    const id = jobs.startImport('x.zip', (signal) => {
      signal.addEventListener('abort', () => work.reject(new Error('aborted')));
      return work.promise;
    });
    expect(() => jobs.status(id, 'replay')).toThrow(/no replay job/);
    expect(jobs.cancel(id, 'replay')).toBe(false);
    expect(jobs.cancel(id, 'import')).toBe(true);
    await jobs.settle();
    expect(jobs.status(id, 'import')).toMatchObject({
      state: 'cancelled',
      error: { code: 'internal', message: 'aborted' },
    });
  });

  it('marks a replay whose work throws as failed, with the error', async () => {
    const jobs = new Jobs();
    const id = jobs.startReplay('iris', 'b'.repeat(64), async () => {
      throw new Error('store is read-only');
    });
    await jobs.settle();
    expect(jobs.status(id, 'replay')).toMatchObject({
      state: 'failed',
      result: null,
      error: { message: 'store is read-only' },
    });
  });
});
