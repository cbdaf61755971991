import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './fixtures';
import { replacePayloadFiles } from '../helpers/zip-edit';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'replay');

/** The sample bundle with another model, data, replay.json and reported metrics (files: data path → fixture file). */
async function taskVariant(
  source: string,
  target: string,
  name: string,
  files: Record<string, string>,
  spec: object,
  reported: Record<string, number>,
): Promise<void> {
  await replacePayloadFiles(source, target, (read) => {
    const crate = JSON.parse(read('data/ro-crate-metadata.json').toString('utf8')) as {
      '@graph': Record<string, unknown>[];
    };
    const metrics = Object.entries(reported).map(([metric, value]) => ({
      '@id': `#metric-${metric}`,
      '@type': 'PropertyValue',
      name: metric,
      value,
    }));
    const graph = crate['@graph'].filter((e) => !String(e['@id']).startsWith('#metric-'));
    for (const e of graph) {
      if (e['@id'] === './') e.name = name;
      if (e['@id'] === '#run') {
        const kept = (e.result as { '@id': string }[]).filter((r) => !r['@id'].startsWith('#metric-'));
        e.result = [...kept, ...metrics.map((m) => ({ '@id': m['@id'] }))];
      }
    }
    crate['@graph'] = [...graph, ...metrics];
    const replaced: Record<string, Buffer> = {
      'data/ro-crate-metadata.json': Buffer.from(JSON.stringify(crate, null, 2)),
      'data/replay.json': Buffer.from(JSON.stringify({ conformsTo: 'urn:provenance-desk:replay:1', ...spec }, null, 2)),
    };
    for (const [dataPath, file] of Object.entries(files)) replaced[dataPath] = readFileSync(path.join(fixtures, file));
    return replaced;
  });
}

const json = (file: string) => JSON.parse(readFileSync(path.join(fixtures, file), 'utf8')) as Record<string, unknown>;

/** A regression run (test/fixtures/replay/regression), so the result page shows its regression diagnostics. */
export function regressionVariant(source: string, target: string, name: string): Promise<void> {
  const files = {
    'data/model/model.onnx': 'regression/model/model.onnx',
    'data/eval/test.csv': 'regression/eval/test.csv',
  };
  return taskVariant(
    source,
    target,
    name,
    files,
    json('regression/replay.json'),
    json('regression/reported.json') as Record<string, number>,
  );
}

/**
 * A run whose model computes for minutes (test/fixtures/replay/hogs/time): a replay that is still running when Cancel
 * is pressed.
 */
export function slowVariant(source: string, target: string, name: string): Promise<void> {
  const files = { 'data/model/model.onnx': 'hogs/time/model.onnx', 'data/eval/test.csv': 'hogs/eval/test.csv' };
  return taskVariant(
    source,
    target,
    name,
    files,
    { ...json('hogs/time.replay.json'), model: 'model/model.onnx' },
    { mae: 0 },
  );
}

/**
 * The sample with its reported accuracy and log_loss edited and two recorded predictions changed (rows 1
 * and 3), so its replay is not reproduced and the result page lists the disagreeing rows.
 */
export async function editedVariant(source: string, target: string, name: string): Promise<void> {
  await replacePayloadFiles(source, target, (read) => {
    const crate = JSON.parse(read('data/ro-crate-metadata.json').toString('utf8')) as {
      '@graph': Record<string, unknown>[];
    };
    for (const e of crate['@graph']) {
      if (e['@id'] === './') e.name = name;
      if (e['@id'] === '#metric-accuracy') e.value = 0.98;
      if (e['@id'] === '#metric-log_loss') e.value = 0.2;
    }
    const lines = read('data/eval/predictions.csv').toString('utf8').split('\n');
    for (const i of [1, 3]) lines[i] = lines[i] === '0' ? '1' : '0';
    return {
      'data/ro-crate-metadata.json': Buffer.from(JSON.stringify(crate, null, 2)),
      'data/eval/predictions.csv': Buffer.from(lines.join('\n')),
    };
  });
}

/** The sample with a model that uses a custom operator domain: refused before the runtime sees it (verdict failed). */
export async function refusedModelVariant(source: string, target: string, name: string): Promise<void> {
  await replacePayloadFiles(source, target, (read) => {
    const crate = JSON.parse(read('data/ro-crate-metadata.json').toString('utf8')) as {
      '@graph': Record<string, unknown>[];
    };
    for (const e of crate['@graph']) if (e['@id'] === './') e.name = name;
    return {
      'data/ro-crate-metadata.json': Buffer.from(JSON.stringify(crate, null, 2)),
      'data/model/model.onnx': readFileSync(path.join(fixtures, 'hostile', 'custom-domain.onnx')),
    };
  });
}
