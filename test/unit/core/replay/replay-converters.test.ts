import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { replayBundle, type ReplayRequest } from '../../../../src-main/core/replay/run-replay';
import { filesUnder, fixtureRequest, specOf, workerFor } from './replay-fixture';

/**
 * Converter layouts (test/fixtures/replay-converters/make-fixtures.py: skl2onnx's node and output naming, written
 * with onnx.helper): each replayed to the reference metrics of the exported model.
 */

const root = path.resolve(__dirname, '../../../fixtures/replay-converters');
let worker: string;
beforeAll(async () => {
  worker = await workerFor('converters');
});

export function converterRequest(
  name: string,
  specFile = 'replay.json',
  edit?: (spec: Record<string, unknown>) => void,
): ReplayRequest {
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
    expect(out.metrics.map((m) => m.name)).toEqual([
      'accuracy',
      'balanced_accuracy',
      'macro_f1',
      'weighted_f1',
      'log_loss',
      'roc_auc',
    ]);
    expect(out.predictions).toEqual({ rows: 60, disagreements: 0 });
    expect(out.diagnostics!.classification!.classes).toEqual(['0', '1', '2']);
  });

  it('without modelOutput, probabilities are read from the ZipMap (not the first output, output_label)', async () => {
    const out = await replayBundle({
      ...converterRequest('zipmap-forest', 'replay.json', (s) => delete s.modelOutput),
      workerScript: worker,
    });
    expect(out.verdict, out.reason).toBe('reproduced');
  });

  it("the converter's output_label (int64) replays as labels", async () => {
    const out = await replayBundle({
      ...converterRequest('zipmap-forest', 'labels.replay.json'),
      workerScript: worker,
    });
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
        s.metrics = [
          { name: 'accuracy', tolerance: { abs: 1e-9 } },
          { name: 'macro_f1', tolerance: { abs: 1e-9 } },
        ];
      }),
      workerScript: worker,
    });
    expect(out.verdict, out.reason).toBe('reproduced');
  });

  it('a pipeline with three named inputs of mixed types (float [N,2], int64 [N,1], string [N,1]) fed from replay.json inputs', async () => {
    const out = await replayBundle({ ...converterRequest('two-inputs'), workerScript: worker });
    expect(out.verdict, out.reason).toBe('reproduced');
    expect(out.diagnostics!.classification!.classes).toEqual(['high', 'low', 'mid']);
  });

  it('a wrong mapping fails naming the input, its expected type and shape, and the columns found', async () => {
    const run = (edit: (s: Record<string, unknown>) => void) =>
      replayBundle({ ...converterRequest('two-inputs', 'replay.json', edit), workerScript: worker });
    const missing = await run((s) => ((s.inputs as Record<string, string[]>).color = ['colour']));
    expect(missing.verdict).toBe('failed');
    expect(missing.reason).toContain(
      'model input "color" (string [N, 1]): no column "colour" (columns found in eval/test.csv: x0, x1, count, color, rating)',
    );
    const tooMany = await run((s) => ((s.inputs as Record<string, string[]>).num = ['x0', 'x1', 'count']));
    expect(tooMany.reason).toContain(
      'model input "num" (float [N, 2]) takes 2 columns, but replay.json gives it 3 (x0, x1, count)',
    );
    const unfed = await run((s) => delete (s.inputs as Record<string, string[]>).count);
    expect(unfed.reason).toContain('model input "count" (int64 [N, 1]) is not fed');
    const unknown = await run((s) => ((s.inputs as Record<string, string[]>).extra = ['x0']));
    expect(unknown.reason).toContain(
      'replay.json inputs names "extra", which is not an input of the model (its inputs: "num" (float [N, 2]), "count" (int64 [N, 1]), "color" (string [N, 1]))',
    );
    const notInt = await run((s) => ((s.inputs as Record<string, string[]>).count = ['x0']));
    expect(notInt.reason).toMatch(
      /eval\/test\.csv: row 1, column "x0" \(model input "count", int64\): "[-0-9.e]+" is not an integer/,
    );
    const none = await run((s) => delete s.inputs);
    expect(none.reason).toContain(
      'the model has 3 inputs (num, count, color); replay.json must map each to its data columns in "inputs"',
    );
  });

  it('Parquet evaluation sets, streamed by row group: typed columns (INT64 as bigint, UTF8) for named inputs, gzip or snappy', async () => {
    const named = await replayBundle({
      ...converterRequest('two-inputs', 'parquet.replay.json'),
      workerScript: worker,
    });
    expect(named.verdict, named.reason).toBe('reproduced');
    const csv = await replayBundle({ ...converterRequest('two-inputs'), workerScript: worker });
    expect(named.outputSha256).toBe(csv.outputSha256);
    const forest = await replayBundle({
      ...converterRequest('zipmap-forest', 'parquet.replay.json'),
      workerScript: worker,
    });
    expect(forest.verdict, forest.reason).toBe('reproduced');
    expect(forest.predictions).toEqual({ rows: 60, disagreements: 0 });
  });

  it('replay.json classes name the outputs of a model that carries none; a model that carries others is refused', async () => {
    const base = fixtureRequest('classifier-logits');
    const named = await replayBundle({
      ...base,
      spec: { ...base.spec, classes: ['setosa', 'versicolor', 'virginica'] },
      workerScript: worker,
    });
    expect(named.verdict, named.reason).toBe('reproduced');
    expect(named.diagnostics!.classification!.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    const ml = fixtureRequest('classifier-ml');
    const clash = await replayBundle({
      ...ml,
      spec: { ...ml.spec, classes: ['setosa', 'versicolor', 'virginica'] },
      workerScript: worker,
    });
    expect(clash.verdict).toBe('failed');
    expect(clash.reason).toContain(
      'replay.json classes (setosa, versicolor, virginica) differ from the class names the model carries (virginica, setosa, versicolor)',
    );
  });
});
