import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictionsFormat } from '../../../../src-main/core/replay/recorded-predictions';
import { replayBundle, type ReplayRequest } from '../../../../src-main/core/replay/run-replay';
import { filesUnder, specOf, workerFor } from './replay-fixture';

/**
 * Recorded predictions as Parquet (issue 16): replay.json `predictions` naming a `.parquet` file is read with the
 * Parquet reader, the `prediction` column alone. Fixtures: test/fixtures/replay-converters/make-parquet.mjs (INT64
 * predictions in row groups of 16 for the ZipMap forest; UTF8 class names after another column for the string ZipMap).
 */

const root = path.resolve(__dirname, '../../../fixtures/replay-converters');
let worker: string;
let tmp: string;
beforeAll(async () => {
  worker = await workerFor('recorded-predictions-parquet');
  tmp = mkdtempSync(path.join(os.tmpdir(), 'provdesk-predictions-parquet-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A converter fixture's replay request, its `predictions` naming `predictions`, with `extra` payload files. */
function request(name: string, predictions: string, extra: Record<string, string> = {}): ReplayRequest {
  const dir = path.join(root, name);
  const raw = JSON.parse(readFileSync(path.join(dir, 'replay.json'), 'utf8')) as Record<string, unknown>;
  return {
    files: { ...filesUnder(dir), ...extra },
    spec: specOf({ ...raw, predictions }),
    reported: JSON.parse(readFileSync(path.join(dir, 'reported.json'), 'utf8')) as Record<string, number>,
    recordedEnvironment: null,
  };
}

const replay = (r: ReplayRequest) => replayBundle({ ...r, workerScript: worker });

describe('recorded predictions as Parquet', () => {
  it('the format follows the extension: .parquet, .jsonl, else csv', () => {
    expect(predictionsFormat('eval/predictions.parquet')).toBe('parquet');
    expect(predictionsFormat('eval/PREDICTIONS.PARQUET')).toBe('parquet');
    expect(predictionsFormat('eval/predictions.jsonl')).toBe('jsonl');
    expect(predictionsFormat('eval/predictions.csv')).toBe('csv');
    expect(predictionsFormat('eval/predictions.txt')).toBe('csv');
  });

  it('INT64 class predictions over several row groups: compared with the replayed classes as the csv is', async () => {
    const parquet = await replay(request('zipmap-forest', 'eval/predictions.parquet'));
    expect(parquet.verdict, parquet.reason).toBe('reproduced');
    expect(parquet.predictions).toEqual({ rows: 60, disagreements: 0 });
    const csv = await replay(request('zipmap-forest', 'eval/predictions.csv'));
    expect(parquet.outputSha256).toBe(csv.outputSha256);
    expect(parquet.metrics).toEqual(csv.metrics);
  });

  it('UTF8 class names, the prediction column read among others', async () => {
    const out = await replay(request('zipmap-strings', 'eval/predictions.parquet'));
    expect(out.verdict, out.reason).toBe('reproduced');
    expect(out.predictions).toEqual({ rows: 50, disagreements: 0 });
  });

  it('a file that is not Parquet fails naming it, and no verdict is given on the metrics', async () => {
    const bad = path.join(tmp, 'not.parquet');
    writeFileSync(bad, 'prediction\n2\n2\n1\n');
    const out = await replay(request('zipmap-forest', 'eval/bad.parquet', { 'eval/bad.parquet': bad }));
    expect(out.verdict).toBe('failed');
    expect(out.reason).toContain('eval/bad.parquet: not a readable Parquet file');
    expect(out.metrics).toEqual([]);
  });

  it('a Parquet file without a prediction column fails naming the columns it has', async () => {
    const out = await replay(request('zipmap-forest', 'eval/test.parquet'));
    expect(out.verdict).toBe('failed');
    expect(out.reason).toContain(
      'eval/test.parquet: no column "prediction" (columns: sepal_length, sepal_width, petal_length, petal_width, target)',
    );
  });

  it('a row count other than the data rows fails with both counts', async () => {
    const sixty = path.join(root, 'zipmap-forest/eval/predictions.parquet');
    const out = await replay(request('zipmap-strings', 'eval/other.parquet', { 'eval/other.parquet': sixty }));
    expect(out.verdict).toBe('failed');
    expect(out.reason).toContain('eval/other.parquet: 60 recorded predictions for 50 data rows');
  });
});
