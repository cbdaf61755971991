import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayBundle, type ReplayRequest } from '../../../../src-main/core/replay/run-replay';
import { repoRoot } from '../../../helpers/bundle-script';
import { sampleRequest, unzip, workerFor } from './replay-fixture';

let worker: string;
let tmp: string;
let request: ReplayRequest;

beforeAll(async () => {
  worker = await workerFor('sample');
  tmp = mkdtempSync(path.join(os.tmpdir(), 'replay-sample-'));
  await unzip(path.join(repoRoot, 'assets/samples/iris-logreg.bundle.zip'), tmp);
  request = { ...sampleRequest(path.join(tmp, 'bundle', 'data')), workerScript: worker };
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('replaying the iris sample bundle', () => {
  it('is reproduced: all three metrics pass and no recorded prediction disagrees', async () => {
    const out = await replayBundle(request);
    expect(out.verdict, out.reason).toBe('reproduced');
    expect(out.metrics.map((m) => [m.name, m.pass])).toEqual([
      ['accuracy', true],
      ['macro_f1', true],
      ['log_loss', true],
    ]);
    expect(out.predictions).toEqual({ rows: 45, disagreements: 0 });
    expect(out.outputSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.environment.local.runtime.name).toBe('node');
    expect(out.environment.local.packages['onnxruntime-node']).toMatch(/^\d+\.\d+/);
    expect(out.environment.differences.map((d) => d.name)).toEqual(
      expect.arrayContaining(['runtime', 'package scikit-learn']),
    );
    expect(out.resources.peakRssBytes).toBeGreaterThan(0);
  });

  it('gives the diagnostics the result page draws: a 3×3 confusion matrix over all 45 rows and per-class scores', async () => {
    const d = (await replayBundle(request)).diagnostics!;
    const c = d.classification!;
    expect(c.classes).toHaveLength(3);
    expect(c.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(45);
    expect(c.perClass.map((p) => p.support).reduce((a, b) => a + b, 0)).toBe(45);
    const correct = c.confusion!.reduce((s, row, i) => s + row[i]!, 0);
    expect(c.perClass.every((p) => p.precision !== null && p.recall !== null)).toBe(true);
    expect(correct).toBe(45); // the run reports accuracy 1.0, and the replay reproduces it exactly
    expect(d.regression).toBeNull();
    expect(d.disagreements).toEqual([]);
  });

  it('is not reproduced when a reported metric is wrong, naming it', async () => {
    const out = await replayBundle({ ...request, reported: { ...request.reported, log_loss: 0.2 } });
    expect(out.verdict).toBe('not-reproduced');
    expect(out.reason).toContain('log_loss');
    expect(out.reason).not.toContain('accuracy');
    expect(out.metrics.find((m) => m.name === 'log_loss')).toMatchObject({ pass: false, reported: 0.2 });
  });

  it('gives the same metrics (within 1e-12) and the same output hash for batch sizes 1, 7 and 64, and on a second run', async () => {
    const runs = [];
    for (const batchSize of [1, 7, 64, 64]) runs.push(await replayBundle({ ...request, batchSize }));
    const [first, ...rest] = runs;
    for (const r of rest) {
      expect(r.verdict).toBe('reproduced');
      expect(r.outputSha256).toBe(first!.outputSha256);
      r.metrics.forEach((m, i) =>
        expect(Math.abs(m.replayed! - first!.metrics[i]!.replayed!)).toBeLessThanOrEqual(1e-12),
      );
    }
  });

  it('deletes its private folder afterwards', async () => {
    const before = new Set(listReplayDirs());
    await replayBundle(request);
    expect(listReplayDirs().filter((d) => !before.has(d))).toEqual([]);
  });
});

function listReplayDirs(): string[] {
  return readdirSync(os.tmpdir()).filter((n) => n.startsWith('provdesk-replay-'));
}
