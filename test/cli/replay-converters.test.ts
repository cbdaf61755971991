import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sampleBundle } from '../helpers/cli';
import { replacePayloadFiles } from '../helpers/zip-edit';

/**
 * `provdesk replay` on converter exports (issue 16): the three-input pipeline of test/fixtures/replay-converters (a
 * ZipMap output, string classes, replay.json inputs) from its Parquet evaluation set, and the same bundle with a
 * mapping that cannot fit.
 */

const fixture = path.resolve(__dirname, '../fixtures/replay-converters/two-inputs');
let dir: string;

function pipelineBundle(target: string, edit: (spec: Record<string, unknown>) => void = () => {}): Promise<void> {
  const reported = JSON.parse(readFileSync(path.join(fixture, 'reported.json'), 'utf8')) as Record<string, number>;
  const spec = JSON.parse(readFileSync(path.join(fixture, 'parquet.replay.json'), 'utf8')) as Record<string, unknown>;
  edit(spec);
  return replacePayloadFiles(sampleBundle, target, (read) => {
    const crate = JSON.parse(read('data/ro-crate-metadata.json').toString('utf8')) as {
      '@graph': Record<string, unknown>[];
    };
    const metrics = Object.entries(reported).map(([name, value]) => ({
      '@id': `#metric-${name}`,
      '@type': 'PropertyValue',
      name,
      value,
    }));
    const graph = crate['@graph'].filter((e) => !String(e['@id']).startsWith('#metric-'));
    for (const e of graph) if (e['@id'] === '#run') e.result = metrics.map((m) => ({ '@id': m['@id'] }));
    crate['@graph'] = [...graph, ...metrics];
    return {
      'data/ro-crate-metadata.json': Buffer.from(JSON.stringify(crate, null, 2)),
      'data/replay.json': Buffer.from(JSON.stringify(spec, null, 2)),
      'data/model/model.onnx': readFileSync(path.join(fixture, 'model/model.onnx')),
      'data/eval/test.parquet': readFileSync(path.join(fixture, 'eval/test.parquet')),
    };
  });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-replay-converters-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('provdesk replay of converter exports', () => {
  it('replays a three-input pipeline with a ZipMap output from Parquet: reproduced, exit 0', async () => {
    const bundle = path.join(dir, 'pipeline.bundle.zip');
    await pipelineBundle(bundle);
    const run = runCli(['replay', '--json', bundle]);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json() as { verdict: string; metrics: { name: string; pass: boolean }[] };
    expect(out.verdict).toBe('reproduced');
    expect(out.metrics.map((m) => m.name)).toEqual([
      'accuracy',
      'balanced_accuracy',
      'macro_f1',
      'weighted_f1',
      'log_loss',
      'roc_auc',
    ]);
  });

  it('a mapping that cannot fit: failed (exit 3), naming the input, its type and shape, and the columns found', async () => {
    const bundle = path.join(dir, 'bad-mapping.bundle.zip');
    await pipelineBundle(bundle, (spec) => ((spec.inputs as Record<string, string[]>).color = ['colour']));
    const run = runCli(['replay', bundle]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(
      'model input "color" (string [N, 1]): no column "colour" (columns found in eval/test.parquet: x0, x1, count, color, rating)',
    );
  });
});
