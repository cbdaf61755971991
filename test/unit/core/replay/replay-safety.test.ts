import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_ENV } from '../../../../src-main/core/replay/protocol';
import { replayBundle, type ReplayRequest } from '../../../../src-main/core/replay/run-replay';
import { filesUnder, fixtureRequest, fixtures, specOf, workerFor } from './replay-fixture';

/** THREATS 12-14: hostile models refused before the runtime, limits and crashes → 'failed', this process fine. */

let worker: string;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'replay-safety-'));
beforeAll(async () => {
  worker = await workerFor('safety');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A data/ folder holding a hostile model as model/model.onnx, a secret beside data/, and the hogs' csv. */
function hostileRequest(name: string, prepare?: (modelDir: string) => void): ReplayRequest {
  const root = path.join(tmp, name);
  const data = path.join(root, 'data');
  mkdirSync(path.join(data, 'model'), { recursive: true });
  mkdirSync(path.join(data, 'eval'), { recursive: true });
  writeFileSync(path.join(root, 'secret.bin'), 'secret');
  copyFileSync(path.join(fixtures, 'hostile', `${name}.onnx`), path.join(data, 'model', 'model.onnx'));
  copyFileSync(path.join(fixtures, 'hogs', 'eval', 'test.csv'), path.join(data, 'eval', 'test.csv'));
  prepare?.(path.join(data, 'model'));
  const spec = specOf({
    task: 'regression',
    model: 'model/model.onnx',
    data: { path: 'eval/test.csv', format: 'csv' },
    metrics: [{ name: 'mae' }],
  });
  // A worker script that does not exist: had the runtime been started, the reason would be a crash.
  return {
    files: filesUnder(data),
    spec,
    reported: { mae: 0 },
    recordedEnvironment: null,
    workerScript: path.join(tmp, 'no-such-worker.mjs'),
  };
}

describe('hostile models are refused before the runtime sees them', () => {
  it.each([
    ['ext-dotdot', 'model-external-data-outside', '".." segment'],
    ['ext-absolute', 'model-external-data-outside', 'absolute path'],
    ['ext-subgraph', 'model-external-data-outside', '".." segment'],
    ['custom-domain', 'model-custom-op-domain', 'com.example.evil'],
  ])('%s', async (name, _code, words) => {
    const out = await replayBundle(hostileRequest(name));
    expect(out.verdict).toBe('failed');
    expect(out.reason).toMatch(/^The model was refused before running: /);
    expect(out.reason).toContain(words);
  });

  it('external data reached through a symbolic link', async () => {
    const out = await replayBundle(
      hostileRequest('ext-symlink', (dir) =>
        symlinkSync(path.join(dir, '..', '..', '..', 'secret.bin'), path.join(dir, 'link.bin')),
      ),
    );
    expect(out.verdict).toBe('failed');
    expect(out.reason).toContain('symbolic link');
    expect(out.reason).not.toContain('crash');
  });
});

describe('limits and crashes', () => {
  it('stops a model that eats memory, with the reason', async () => {
    const out = await replayBundle({
      ...fixtureRequest('hogs', 'memory.replay.json'),
      reported: { mae: 0 },
      workerScript: worker,
      limits: { maxMemoryBytes: 400 * 2 ** 20, timeoutMs: 120_000 },
    });
    expect(out.verdict).toBe('failed');
    expect(out.reason).toMatch(/memory, over its limit of 400 MiB, and was stopped/);
    expect(out.resources.peakRssBytes).toBeGreaterThan(400 * 2 ** 20);
  });

  it('stops a model that runs too long, with the reason', async () => {
    const out = await replayBundle({
      ...fixtureRequest('hogs', 'time.replay.json'),
      reported: { mae: 0 },
      workerScript: worker,
      limits: { timeoutMs: 1500 },
    });
    expect(out.verdict).toBe('failed');
    expect(out.reason).toContain('exceeded its time limit of 1.5 s');
  });

  it('a crashing worker gives a failed replay, and this process replays fine afterwards', async () => {
    process.env[CRASH_ENV] = 'abort';
    let out;
    try {
      out = await replayBundle({ ...fixtureRequest('regression'), workerScript: worker });
    } finally {
      delete process.env[CRASH_ENV];
    }
    expect(out.verdict).toBe('failed');
    expect(out.reason).toContain('the replay worker crashed: it was killed by SIGABRT');
    const after = await replayBundle({ ...fixtureRequest('regression'), workerScript: worker });
    expect(after.verdict, after.reason).toBe('reproduced');
  });

  it('a cancelled replay is failed with the reason', async () => {
    const controller = new AbortController();
    const pending = replayBundle({
      ...fixtureRequest('hogs', 'time.replay.json'),
      reported: { mae: 0 },
      workerScript: worker,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 300);
    const out = await pending;
    expect(out.verdict).toBe('failed');
    expect(out.reason).toContain('cancelled');
  });
});
