import path from 'node:path';
import { test, expect, appReady, repoRoot, sampleZip } from './fixtures';
import { importByPath } from './import-helpers';
import { replacePayloadFiles } from '../helpers/zip-edit';
import { bytesField, model, opset, stringField, varintField } from '../helpers/onnx-wire';

/** A model whose operator this machine's ONNX Runtime has no kernel for: the Model card names it before any replay. */
const floatInfo = (field: number, name: string) =>
  bytesField(field, stringField(1, name), bytesField(2, bytesField(1, varintField(1, 1))));
const frobnicate = model(
  opset('', 17),
  bytesField(
    7,
    stringField(2, 'g'),
    bytesField(1, stringField(1, 'input'), stringField(2, 'probabilities'), stringField(4, 'Frobnicate')),
    floatInfo(11, 'input'),
    floatInfo(12, 'probabilities'),
  ),
);

test('the Model card names an operator this machine cannot run, before any replay', async ({ page, host }) => {
  test.setTimeout(60_000);
  await appReady(page);
  const file = path.join(host.workDir, 'frobnicate.bundle.zip');
  await replacePayloadFiles(sampleZip, file, (read) => {
    const crate = JSON.parse(read('data/ro-crate-metadata.json').toString('utf8')) as {
      '@graph': Record<string, unknown>[];
    };
    for (const e of crate['@graph']) if (e['@id'] === './') e.name = 'A model with an unknown operator';
    return {
      'data/ro-crate-metadata.json': Buffer.from(JSON.stringify(crate, null, 2)),
      'data/model/model.onnx': frobnicate,
    };
  });
  await importByPath(page, file);
  await page.getByTestId('import-result').getByRole('link', { name: 'Open the bundle' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('A model with an unknown operator');
  const tabs = page.getByRole('tablist', { name: 'Bundle sections' });
  if (await tabs.count()) await tabs.getByRole('tab', { name: /^Replays/ }).click();

  const card = page.getByRole('region', { name: 'Model' });
  await expect(card.getByRole('alert')).toContainText('cannot run this model', { timeout: 30_000 });
  await expect(card.getByRole('alert')).toContainText('It has no implementation of the operator "Frobnicate"');
  await expect(card.getByRole('row', { name: /Frobnicate/ })).toContainText('not supported');
  await page.setViewportSize({ width: 1024, height: 800 });
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await card.screenshot({
      path: path.join(repoRoot, 'test-results', 'screenshots', `model-card-unsupported-1024-${theme}.png`),
    });
  }
});
