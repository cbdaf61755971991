import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { replayBundle, type ReplayRequest } from '../../../../src-main/core/replay/run-replay';
import { filesUnder, specOf, workerFor } from './replay-fixture';

/**
 * Converter layouts (test/fixtures/replay-converters/make-fixtures.py: skl2onnx's node and output naming, written
 * with onnx.helper): each replayed to the reference metrics of the exported model.
 */

const root = path.resolve(__dirname, '../../../fixtures/replay-converters');
let worker: string;
beforeAll(async () => {
  worker = await workerFor('converters');
});

export function converterRequest(name: string, specFile = 'replay.json', edit?: (spec: Record<string, unknown>) => void): ReplayRequest {
  const dir = path.join(root, name);
  const raw = JSON.parse(readFileSync(path.join(dir, specFile), 'utf8')) as Record<string, unknown>;
  edit?.(raw);
  return {
    files: filesUnder(dir),
    spec: specOf(raw),
    reported: JSON.parse(readFileSync(path.join(dir, 'reported.json'), 'utf8')) as Record<string, number>,
    recordedEnvironment: null,
  };
}

describe('replay of converter layouts', () => {
  it('a random forest through TreeEnsembleClassifier + ZipMap (int64 classes): the sequence of maps is read in its key order', async () => {
    const out = await replayBundle({ ...converterRequest('zipmap-forest'), workerScript: worker });
    expect(out.verdict, out.reason).toBe('reproduced');
    expect(out.metrics.map((m) => m.name)).toEqual(['accuracy', 'balanced_accuracy', 'macro_f1', 'weighted_f1', 'log_loss', 'roc_auc']);
    expect(out.predictions).toEqual({ rows: 60, disagreements: 0 });
    expect(out.diagnostics!.classification!.classes).toEqual(['0', '1', '2']);
  });

  it('without modelOutput, probabilities are read from the ZipMap (not the first output, output_label)', async () => {
    const out = await replayBundle({ ...converterRequest('zipmap-forest', 'replay.json', (s) => delete s.modelOutput), workerScript: worker });
    expect(out.verdict, out.reason).toBe('reproduced');
  });

  it("the converter's output_label (int64) replays as labels", async () => {
    const out = await replayBundle({ ...converterRequest('zipmap-forest', 'labels.replay.json'), workerScript: worker });
    expect(out.verdict, out.reason).toBe('reproduced');
    expect(out.predictions).toEqual({ rows: 60, disagreements: 0 });
  });

  it('ZipMap with string classes: the data labels (names) map to the keys; the confusion matrix is labelled with the names', async () => {
    const out = await replayBundle({ ...converterRequest('zipmap-strings'), workerScript: worker });
    expect(out.verdict, out.reason).toBe('reproduced');
    expect(out.predictions).toEqual({ rows: 50, disagreements: 0 });
    const c = out.diagnostics!.classification!;
    expect(c.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(c.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(50);
  });

  it('string output_label replays as labels, the names compared with the data', async () => {
    const out = await replayBundle({
      ...converterRequest('zipmap-strings', 'replay.json', (s) => {
        s.modelOutput = 'output_label';
        s.outputKind = 'labels';
        s.metrics = [{ name: 'accuracy', tolerance: { abs: 1e-9 } }, { name: 'macro_f1', tolerance: { abs: 1e-9 } }];
      }),
      workerScript: worker,
    });
    expect(out.verdict, out.reason).toBe('reproduced');
  });
});
