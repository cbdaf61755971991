import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreClient } from '../../../../src-main/core/services/core-client';
import type { Channel } from '../../../../src-main/common/contract';
import type { Result } from '../../../../src-main/common/result';
import { utilityWorkerSpawner } from '../../../../src-main/electron/utility-worker-adapter';
import { releaseDeadThreadLock } from '../../../../src-main/host/core-thread';
import { coreWorker, forkedCoreProcess, forkUtility, threadCoreProcessAt } from '../../../helpers/core-process-harness';

// The core process module (dist/node/core.worker.mjs, issue 14) driven as the shells drive it: forked with a
// parentPort as Electron's utilityProcess runs it (replay workers started by the shell), and in a worker thread as
// the preview host runs it.

const replayScript = path.join(path.dirname(coreWorker), 'replay.worker.mjs');
let dir: string;

beforeAll(() => {
  if (!existsSync(coreWorker)) throw new Error(`${coreWorker} is missing: run \`npm run build\` first`);
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-core-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until<T>(probe: () => Promise<T | null>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function value(result: Result<unknown>): Record<string, unknown> {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.value as Record<string, unknown>;
}

describe('the core process as Electron starts it (utility process, replays through the shell)', () => {
  it('answers the contract, parses requests itself, runs a replay in a worker the shell starts, and closes its store', async () => {
    const storeDir = path.join(dir, 'electron');
    const spawned: string[] = [];
    const spawnUtility = utilityWorkerSpawner((modulePath, args, options) => {
      spawned.push(modulePath);
      return forkUtility(modulePath, args, options);
    });
    const core = await CoreClient.start({
      spawn: () => forkedCoreProcess(),
      init: {
        storeDir,
        host: 'electron',
        keyProtection: { kind: 'scrypt', reason: 'no keyring in this test' },
        keychainInShell: true,
        replaysInShell: true,
      },
      replayWorkers: { spawn: spawnUtility, script: replayScript },
    });
    expect(core.pid).not.toBe(process.pid);
    expect(value(await core.call('app:info', {}))).toMatchObject({
      host: 'electron',
      storeDir,
      keyProtection: { kind: 'scrypt' },
    });
    // The shell's check is a gate; the core parses again and refuses on its own.
    expect(await core.call('bundles:list', { limit: 'many' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(await core.call('no:such' as Channel, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    // No keychain here: the core says a passphrase is needed.
    expect(await core.call('identity:create', { name: 'Ada', email: 'ada@example.org' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('enter the passphrase') },
    });

    const { jobId } = value(await core.call('import:start', { source: { kind: 'sample' } })) as { jobId: string };
    const imported = await until(async () => {
      const job = value(await core.call('import:status', { jobId }));
      return job['state'] === 'running' ? null : job;
    });
    const digest = (imported['result'] as { bundleDigest: string }).bundleDigest;
    const replay = value(await core.call('replay:start', { digest, batchSize: 16 })) as { jobId: string };
    const done = await until(async () => {
      const job = value(await core.call('replay:status', { jobId: replay.jobId }));
      return job['state'] === 'running' ? null : job;
    });
    expect(done, JSON.stringify(done)).toMatchObject({ state: 'done', result: { verdict: 'reproduced' } });
    expect(spawned).toEqual([replayScript]);

    await core.close();
    expect(existsSync(path.join(storeDir, 'store.lock'))).toBe(false);
    expect(readdirSync(storeDir).some((f) => /^snapshot-\d+\.sqlite$/.test(f))).toBe(true);
  });
});

describe('the core process as the preview host starts it (worker thread)', () => {
  it('answers, and after the thread dies a new one takes over the store the dead one left locked', async () => {
    const storeDir = path.join(dir, 'preview');
    const crashes: string[] = [];
    const threads: ReturnType<typeof threadCoreProcessAt>[] = [];
    const core = await CoreClient.start({
      spawn: () => {
        const thread = threadCoreProcessAt();
        threads.push(thread);
        return thread;
      },
      init: { storeDir, host: 'preview' },
      beforeRestart: () => releaseDeadThreadLock(storeDir),
      onCrash: (c) => crashes.push(`${c.how} ${c.restarted}`),
    });
    expect(core.pid).toBe(process.pid);
    expect(value(await core.call('app:info', {}))).toMatchObject({ host: 'preview', storeDir });
    expect(existsSync(path.join(storeDir, 'store.lock'))).toBe(true);
    threads[0]!.kill(); // terminate: the store is not closed, its lock stays
    await until(async () => (crashes.length > 0 ? true : null));
    expect(crashes).toEqual(['exited with code 1 true']);
    expect(value(await core.call('app:info', {}))).toMatchObject({ host: 'preview' });
    await core.close();
    expect(existsSync(path.join(storeDir, 'store.lock'))).toBe(false);
  });
});
