import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forkWorker, runWorker, type SpawnWorker } from '../../../../src-main/core/replay/run-worker';
import { specOf } from './replay-fixture';

/** runWorker's spawn option: the process can come from elsewhere (Electron's utilityProcess), limits stay here. */

const dir = mkdtempSync(path.join(os.tmpdir(), 'run-worker-spawn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const job = {
  root: dir,
  spec: specOf({
    task: 'tensor',
    model: 'm.onnx',
    cases: [{ inputs: {}, outputs: {} }],
    metrics: [{ name: 'max_abs_error' }],
  }),
  modelClasses: null,
  batchSize: 1,
  threads: 1,
};
const limits = { timeoutMs: 30_000, maxMemoryBytes: 2 ** 30 };

describe('runWorker with a spawn function', () => {
  it('starts the worker through it, with the heap limit flag, and kills through it on cancel', async () => {
    const script = path.join(dir, 'hang.mjs');
    writeFileSync(
      script,
      "process.on('message', () => process.send({ type: 'progress', rows: 1 })); setInterval(() => {}, 1000);",
    );
    const calls: Array<{ script: string; execArgv: string[] }> = [];
    let kills = 0;
    const controller = new AbortController();
    const spawn: SpawnWorker = (s, options) => {
      calls.push({ script: s, execArgv: options.execArgv });
      const child = forkWorker(s, options);
      return {
        ...child,
        get pid() {
          return child.pid;
        },
        kill: () => ((kills += 1), child.kill()),
      };
    };
    const out = await runWorker(script, job, limits, controller.signal, () => controller.abort(), spawn);
    expect(calls).toEqual([{ script, execArgv: ['--max-old-space-size=1024'] }]);
    expect(kills).toBeGreaterThanOrEqual(1);
    expect(out).toMatchObject({ ok: false, code: 'replay-cancelled', reason: 'the replay was cancelled' });
  });

  it('turns a spawn that throws into a reason, not an exception', async () => {
    const out = await runWorker('/nowhere.mjs', job, limits, undefined, undefined, () => {
      throw new Error('utilityProcess.fork before app ready');
    });
    expect(out).toMatchObject({
      ok: false,
      code: 'replay-worker-error',
      reason: 'the replay worker could not start: utilityProcess.fork before app ready',
    });
  });
});
