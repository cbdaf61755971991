import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayFromRun } from '../../../../src-main/core/mlflow/replay-from-run';

const parquet = path.resolve(__dirname, '../../../fixtures/replay-converters/two-inputs/eval/test.parquet');
const base = {
  model: 'artifacts/model/model.onnx',
  evalData: 'artifacts/eval/test.parquet',
  evalFile: parquet,
  task: 'classification' as const,
  signature: null,
  metrics: { accuracy: 0.9 },
};

describe('replay.json from an MLflow run with Parquet evaluation data', () => {
  it('writes format parquet when the label is one of the columns in the footer', () => {
    const r = replayFromRun({ ...base, label: 'rating' });
    expect(r.replay).toMatchObject({
      data: { path: 'artifacts/eval/test.parquet', format: 'parquet', label: 'rating' },
    });
  });

  it('names the columns found when the label is not one of them', () => {
    const r = replayFromRun({ ...base, label: 'target' });
    expect(r.replay).toBeNull();
    expect(r.warnings.map((w) => w.message)).toContain(
      'evaluation data artifacts/eval/test.parquet has no column "target" (columns: x0,x1,count,color,rating); no replay.json is written',
    );
  });

  it('refuses a file that is not Parquet', () => {
    const r = replayFromRun({ ...base, evalFile: __filename, label: 'rating' });
    expect(r.warnings.map((w) => w.code)).toContain('mlflow-replay-format');
  });
});
