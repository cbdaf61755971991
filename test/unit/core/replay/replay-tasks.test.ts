import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { replayBundle, type ReplayRequest } from '../../../../src-main/core/replay/run-replay';
import { fixtureRequest, workerFor } from './replay-fixture';

/** Each task on fixtures made by scripts/reference/make-replay-fixtures.py, judged against scikit-learn's numbers. */

let worker: string;
beforeAll(async () => {
  worker = await workerFor('tasks');
});

function replay(name: string, extra: Partial<ReplayRequest> = {}) {
  return replayBundle({ ...fixtureRequest(name), workerScript: worker, ...extra });
}

describe('replay tasks', () => {
  it('regression from csv (features default to every column but the label)', async () => {
    const out = await replay('regression');
    expect(out.verdict, out.reason).toBe('reproduced');
    expect(out.metrics.map((m) => m.name)).toEqual(['mae', 'mse', 'rmse', 'r2', 'max_error']);
    expect(out.predictions).toBeNull();
    const r = out.diagnostics!.regression!;
    expect(r.points.length).toBe(Math.min(r.finiteRows, 2000));
    expect(r.residuals.reduce((n, b) => n + b.count, 0)).toBe(r.finiteRows);
  });

  it('regression from npy files (big-endian features), with the weights in external data beside the model', async () => {
    const out = await replay('regression-npy');
    expect(out.verdict, out.reason).toBe('reproduced');
    // same model and rows as the csv fixture: the same output bytes
    expect(out.outputSha256).toBe((await replay('regression')).outputSha256);
  });

  it('runs an opset 21 model', async () => {
    const out = await replay('opset21');
    expect(out.verdict, out.reason).toBe('reproduced');
  });

  it('classification with logits, jsonl rows and string labels (sorted unique), recorded predictions compared', async () => {
    const out = await replay('classifier-logits');
    expect(out.verdict, out.reason).toBe('reproduced');
    expect(out.metrics).toHaveLength(6);
    expect(out.predictions).toEqual({ rows: 61, disagreements: 0 });
  });

  it('an ai.onnx.ml classifier: its own class names (not the sorted order) map the labels; probabilities or labels output', async () => {
    const probs = await replay('classifier-ml');
    expect(probs.verdict, probs.reason).toBe('reproduced');
    expect(probs.predictions).toEqual({ rows: 61, disagreements: 0 });
    const labels = await replayBundle({
      ...fixtureRequest('classifier-ml', 'labels.replay.json'),
      workerScript: worker,
    });
    expect(labels.verdict, labels.reason).toBe('reproduced');
    expect(labels.metrics.map((m) => m.name)).toEqual(['accuracy', 'macro_f1']);
    expect(labels.predictions).toEqual({ rows: 61, disagreements: 0 });
  });

  it('counts recorded predictions that disagree', async () => {
    const request = fixtureRequest('classifier-logits');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'preds-'));
    const lines = readFileSync(request.files['eval/predictions.csv']!, 'utf8').trim().split('\n');
    lines[1] = lines[1] === 'setosa' ? 'virginica' : 'setosa';
    lines[2] = 'not-a-class';
    writeFileSync(`${dir}/p.csv`, lines.join('\n') + '\n');
    const out = await replayBundle({
      ...request,
      files: { ...request.files, 'eval/predictions.csv': `${dir}/p.csv` },
      workerScript: worker,
    });
    expect(out.verdict).toBe('not-reproduced');
    expect(out.predictions).toEqual({ rows: 61, disagreements: 2 });
    expect(out.reason).toContain('2 of 61 recorded predictions disagree');
    // the failure modes the result page lists: data rows counted from 1, the recorded value as written
    expect(out.diagnostics!.disagreements.map((r) => [r.row, r.recorded])).toEqual([
      [1, lines[1]],
      [2, 'not-a-class'],
    ]);
    expect(out.diagnostics!.disagreements[0]!.replayed).not.toBe(lines[1]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('tensor cases from .npy and .pb (raw and typed data) compared element by element', async () => {
    const out = await replay('tensor');
    expect(out.verdict, out.reason).toBe('reproduced');
    expect(out.metrics.map((m) => [m.name, m.replayed])).toEqual([
      ['max_abs_error', 0],
      ['mean_abs_error', 0],
    ]);
  });

  it('text classification through transformers.js from the local folder only', async () => {
    const out = await replay('text');
    expect(out.verdict, out.reason).toBe('reproduced');
    expect(out.metrics.map((m) => m.name)).toEqual(['accuracy', 'macro_f1', 'log_loss', 'roc_auc']);
    expect((await replay('text', { batchSize: 1 })).outputSha256).toBe(out.outputSha256);
  });

  it('text classification never fetches: a missing tokenizer file fails locally', async () => {
    const request = fixtureRequest('text');
    const { 'model/tokenizer.json': _, ...files } = request.files;
    const out = await replayBundle({ ...request, files, workerScript: worker });
    expect(out.verdict).toBe('failed');
    expect(out.reason).toContain('could not load the model folder "model"');
    expect(out.reason).toContain('data/model/tokenizer.json');
    expect(out.reason).not.toContain('provdesk-replay-');
  });

  it('fails clearly when a data column is missing', async () => {
    const request = fixtureRequest('regression');
    const spec = { ...request.spec, data: { ...request.spec.data!, features: ['a', 'nope'] } };
    const out = await replayBundle({ ...request, spec, workerScript: worker });
    expect(out.verdict).toBe('failed');
    expect(out.reason).toContain('no column "nope"');
  });

  it('fails clearly when a file replay.json names is not in the bundle', async () => {
    const request = fixtureRequest('regression');
    const { 'eval/test.csv': _, ...files } = request.files;
    const out = await replayBundle({ ...request, files, workerScript: worker });
    expect(out.verdict).toBe('failed');
    expect(out.reason).toContain('data/eval/test.csv');
  });
});
