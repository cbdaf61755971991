import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, appReady, repoRoot, sampleZip } from './fixtures';
import { importByPath } from './import-helpers';
import { replacePayloadFiles } from '../helpers/zip-edit';
import { openBundleTab } from './bundle-tab';

const converters = path.join(repoRoot, 'test', 'fixtures', 'replay-converters');

/**
 * The sample bundle carrying a converter's export (test/fixtures/replay-converters/zipmap-forest: a random forest as
 * skl2onnx writes it, TreeEnsembleClassifier + ZipMap) and its evaluation set as Parquet.
 */
async function forestVariant(target: string): Promise<void> {
  const reported = JSON.parse(readFileSync(path.join(converters, 'zipmap-forest/reported.json'), 'utf8')) as Record<
    string,
    number
  >;
  const spec = JSON.parse(readFileSync(path.join(converters, 'zipmap-forest/parquet.replay.json'), 'utf8')) as object;
  await replacePayloadFiles(sampleZip, target, (read) => {
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
    for (const e of graph) {
      if (e['@id'] === './') e.name = 'Iris random forest (skl2onnx)';
      if (e['@id'] === '#run')
        e.result = [
          ...(e.result as { '@id': string }[]).filter((r) => !r['@id'].startsWith('#metric-')),
          ...metrics.map((m) => ({ '@id': m['@id'] })),
        ];
    }
    crate['@graph'] = [...graph, ...metrics];
    return {
      'data/ro-crate-metadata.json': Buffer.from(JSON.stringify(crate, null, 2)),
      'data/replay.json': Buffer.from(JSON.stringify({ conformsTo: 'urn:provenance-desk:replay:1', ...spec }, null, 2)),
      'data/model/model.onnx': readFileSync(path.join(converters, 'zipmap-forest/model/model.onnx')),
      'data/eval/test.parquet': readFileSync(path.join(converters, 'zipmap-forest/eval/test.parquet')),
      'data/eval/predictions.csv': readFileSync(path.join(converters, 'zipmap-forest/eval/predictions.csv')),
    };
  });
}

test("a converter's random forest: the model card before any replay, then a Parquet replay through its ZipMap", async ({
  page,
  host,
}) => {
  test.setTimeout(90_000);
  await appReady(page);
  const file = path.join(host.workDir, 'forest.bundle.zip');
  await forestVariant(file);
  await importByPath(page, file);
  await page.getByTestId('import-result').getByRole('link', { name: 'Open the bundle' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Iris random forest (skl2onnx)');

  await openBundleTab(page, 'Replays');
  const card = page.getByRole('region', { name: 'Model' });
  await expect(card).toContainText('loads this model', { timeout: 30_000 });
  await expect(card).toContainText('skl2onnx 1.16.0');
  await expect(card).toContainText('ai.onnx 15, ai.onnx.ml 1');
  await expect(card).toContainText('float_input');
  await expect(card).toContainText('tensor(float)[?,4]');
  await expect(card).toContainText('seq(map(int64,tensor(float)[]))');
  await expect(card).toContainText('output_probability: replayed from the class-probability tensor the ZipMap reads');
  const ops = card.getByRole('table');
  await expect(ops.getByRole('row')).toHaveCount(4);
  await expect(ops.getByRole('row', { name: /TreeEnsembleClassifier/ })).toContainText('supported');

  await page.setViewportSize({ width: 1024, height: 800 });
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await card.screenshot({ path: path.join(repoRoot, 'test-results', 'screenshots', `model-card-1024-${theme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });

  await openBundleTab(page, 'Replays');
  const replay = page.getByRole('region', { name: 'Replay' });
  await replay.getByRole('button', { name: 'Replay' }).click();
  const done = replay.getByTestId('replay-done');
  await expect(done).toContainText('Reproduced', { timeout: 30_000 });
  await expect(done).toContainText('All 6 metrics are within tolerance and all 60 recorded predictions agree.');
});
