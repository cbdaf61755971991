import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWorker } from '../../../../src-main/core/replay/run-worker';
import { specOf } from './replay-fixture';

/**
 * The parent side on its own, with tiny stand-in workers written here (the real worker is tested in replay-*.test.ts).
 */

const dir = mkdtempSync(path.join(os.tmpdir(), 'run-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const file = path.join(dir, `${name}.mjs`);
  writeFileSync(file, body);
  return file;
}

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
const result = {
  kind: 'tensor',
  rows: 1,
  expected: new Float64Array([1]),
  actual: new Float64Array([1]),
  outputSha256: 'x',
};

describe('runWorker', () => {
  it('names the exit code and the last line the worker wrote to stderr', async () => {
    const out = await runWorker(
      script(
        'exit3',
        "process.on('message', () => { console.error('boom: native library missing'); process.exit(3); });",
      ),
      job,
      limits,
      undefined,
    );
    expect(out).toMatchObject({
      ok: false,
      code: 'replay-worker-crashed',
      reason: 'the replay worker crashed: it exited with code 3 (boom: native library missing)',
    });
  });

  it('passes a worker error on as its problem', async () => {
    const body =
      "process.on('message', () => process.send({ type: 'error', problem: { code: 'npy-invalid', message: 'x.npy: bad' } }, () => process.exit(0)));";
    expect(await runWorker(script('error', body), job, limits, undefined)).toMatchObject({
      ok: false,
      code: 'npy-invalid',
      reason: 'x.npy: bad',
    });
  });

  it('takes the answer, typed arrays intact, and does not wait for a worker that lingers after it', async () => {
    const body = `process.on('message', () => process.send({ type: 'result', result: { kind: 'tensor', rows: 1, expected: new Float64Array([1]), actual: new Float64Array([1]), outputSha256: 'x' }, cpuMs: 1, maxRssBytes: 1 }));
setInterval(() => {}, 1000);`;
    const out = await runWorker(script('linger', body), job, limits, undefined);
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.result).toEqual(result);
  });

  it('reports progress messages', async () => {
    const body =
      "process.on('message', () => { process.send({ type: 'progress', rows: 5 }); process.send({ type: 'progress', rows: 9 }, () => process.exit(0)); });";
    const seen: number[] = [];
    await runWorker(script('progress', body), job, limits, undefined, (rows) => seen.push(rows));
    expect(seen).toEqual([5, 9]);
  });
});
