import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type Channel } from '../../../../src-main/common/contract';
import { createAppContext, type AppContext } from '../../../../src-main/core/services/app-context';
import { dispatch } from '../../../../src-main/core/services/dispatch';
import { importBundle } from '../../../../src-main/core/services/import-bundle';
import { sampleBundle } from '../../../helpers/cli';
import { workerFor } from '../replay/replay-fixture';

/** The replay channels end to end through dispatch, responses checked against the contract's schemas. */

let dir: string;
let context: AppContext;
let digest: string;

async function call(channel: Channel, request: unknown): Promise<unknown> {
  const result = await dispatch(context.handlers, channel, request);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return contract[channel].response.parse(result.value);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'replay-jobs-'));
  context = await createAppContext({
    storeDir: path.join(dir, 'store'),
    host: 'preview',
    actor: 'dana',
    replayWorkerScript: await workerFor('jobs'),
  });
  digest = (await importBundle(context.store, sampleBundle, { actor: 'dana' })).bundleDigest!;
});
afterAll(async () => {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('replay channels', () => {
  it('runs a replay job to its outcome, then lists and gets it from the history', async () => {
    const { jobId } = (await call('replay:start', { digest, batchSize: 16 })) as { jobId: string };
    await context.jobs.settle();
    const job = (await call('replay:status', { jobId })) as {
      state: string;
      kind: string;
      replayId: string;
      result: { verdict: string };
      progress: { stage: string; rowsDone: number };
    };
    expect(job).toMatchObject({
      kind: 'replay',
      state: 'done',
      result: { verdict: 'reproduced' },
      progress: { stage: 'done', rowsDone: 45 },
    });

    const list = (await call('replay:list', { digest })) as {
      total: number;
      replays: Array<{ id: string; batchSize: number }>;
    };
    expect(list.total).toBe(1);
    expect(list.replays[0]).toMatchObject({ id: job.replayId, batchSize: 16 });
    const record = (await call('replay:get', { id: job.replayId })) as {
      bundleDigest: string;
      outcome: { metrics: unknown[] };
    };
    expect(record.bundleDigest).toBe(digest);
    expect(record.outcome.metrics).toHaveLength(3);
  });

  it('keeps import and replay jobs apart, and refuses bad requests before any work', async () => {
    const { jobId } = (await call('replay:start', { digest })) as { jobId: string };
    await expect(call('import:status', { jobId })).rejects.toMatchObject({ code: 'not-found' });
    expect(await call('import:cancel', { jobId })).toEqual({ cancelled: false });
    await context.jobs.settle();
    expect(await call('replay:cancel', { jobId })).toEqual({ cancelled: false }); // already done
    await expect(call('replay:start', { digest: 'f'.repeat(64) })).rejects.toMatchObject({ code: 'not-found' });
    await expect(call('replay:start', { digest, batchSize: 0 })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(call('replay:start', { digest: 'ABC' })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(call('replay:get', { id: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('cancels a running replay: the job ends cancelled and nothing is added to the history', async () => {
    const before = ((await call('replay:list', {})) as { total: number }).total;
    const { jobId } = (await call('replay:start', { digest })) as { jobId: string };
    expect(await call('replay:cancel', { jobId })).toEqual({ cancelled: true });
    await context.jobs.settle();
    expect(await call('replay:status', { jobId })).toMatchObject({
      state: 'cancelled',
      result: null,
      error: { code: 'cancelled' },
    });
    expect(((await call('replay:list', {})) as { total: number }).total).toBe(before);
  });
});
