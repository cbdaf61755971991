import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './fixtures';
import { replacePayloadFiles } from '../helpers/zip-edit';

const regression = path.join(repoRoot, 'test', 'fixtures', 'replay', 'regression');

/**
 * The sample bundle turned into a regression run: the model, data, replay.json and reported metrics of
 * test/fixtures/replay/regression (see its README), so the result page shows its regression diagnostics.
 */
export async function regressionVariant(source: string, target: string, name: string): Promise<void> {
  const reported = JSON.parse(readFileSync(path.join(regression, 'reported.json'), 'utf8')) as Record<string, number>;
  const spec = { conformsTo: 'urn:provenance-desk:replay:1', ...JSON.parse(readFileSync(path.join(regression, 'replay.json'), 'utf8')) };
  await replacePayloadFiles(source, target, (read) => {
    const crate = JSON.parse(read('data/ro-crate-metadata.json').toString('utf8')) as { '@graph': Record<string, unknown>[] };
    const metrics = Object.entries(reported).map(([metric, value]) => ({ '@id': `#metric-${metric}`, '@type': 'PropertyValue', name: metric, value }));
    const graph = crate['@graph'].filter((e) => !String(e['@id']).startsWith('#metric-'));
    for (const e of graph) {
      if (e['@id'] === './') e.name = name;
      if (e['@id'] === '#run') {
        const kept = (e.result as { '@id': string }[]).filter((r) => !r['@id'].startsWith('#metric-'));
        e.result = [...kept, ...metrics.map((m) => ({ '@id': m['@id'] }))];
      }
    }
    crate['@graph'] = [...graph, ...metrics];
    return {
      'data/ro-crate-metadata.json': Buffer.from(JSON.stringify(crate, null, 2)),
      'data/replay.json': Buffer.from(JSON.stringify(spec, null, 2)),
      'data/model/model.onnx': readFileSync(path.join(regression, 'model', 'model.onnx')),
      'data/eval/test.csv': readFileSync(path.join(regression, 'eval', 'test.csv')),
    };
  });
}

/**
 * The sample with its reported accuracy and log_loss edited and two recorded predictions changed (rows 1
 * and 3), so its replay is not reproduced and the result page lists the disagreeing rows.
 */
export async function editedVariant(source: string, target: string, name: string): Promise<void> {
  await replacePayloadFiles(source, target, (read) => {
    const crate = JSON.parse(read('data/ro-crate-metadata.json').toString('utf8')) as { '@graph': Record<string, unknown>[] };
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
