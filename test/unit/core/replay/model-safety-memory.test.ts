import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleScript } from '../../../helpers/bundle-script';
import { writeInt64Model } from '../../../helpers/onnx-wire';

/**
 * Issue 13: the safety check runs in the parent (the app's core process, the CLI) before the memory-limited
 * worker starts, so it must not grow with the model. The attack: a 31 MB model whose one initializer holds 31
 * million int64 values, which a whole-model decoder turns into 31 million objects (2.0 GB peak).
 */

const work = mkdtempSync(path.join(os.tmpdir(), 'model-safety-memory-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ELEMENTS = 31_000_000;
const BOUND = 300 * 2 ** 20;

describe('the safety check on a model built to exhaust memory', () => {
  it(`keeps the checking process under 300 MB peak RSS and passes the model on to the limited worker`, async () => {
    const child = await bundleScript('test/helpers/model-safety-child.ts', 'model-safety-child');
    const dir = path.join(work, 'model');
    mkdirSync(dir);
    const file = path.join(dir, 'model.onnx');
    writeInt64Model(file, ELEMENTS);
    expect(statSync(file).size).toBeGreaterThan(ELEMENTS);
    const run = spawnSync(process.execPath, [child, file, 'check'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { problems: string[]; maxRssBytes: number };
    expect(out.problems).toEqual([]); // nothing unsafe about it: the worker's memory limit is what stops it
    expect(out.maxRssBytes).toBeLessThan(BOUND);
  });
});
