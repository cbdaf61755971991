import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, appReady, repoRoot } from './fixtures';
import { RUN_PROVENANCE, makeRunFolder } from './run-folder';
import { MLFLOW_RUN_ID, buildMlruns } from './mlflow-store';

/** The digest the CLI computes from the file itself (payload checked), not what the app says about it. */
function verifiedDigest(file: string): string {
  const out = execFileSync(
    process.execPath,
    [path.join(repoRoot, 'dist', 'node', 'provdesk.mjs'), 'verify', file, '--json'],
    { encoding: 'utf8' },
  );
  return (JSON.parse(out) as { bundleDigest: string }).bundleDigest;
}

test('new bundle from folder: preview, a yaml mistake at its line, write, import it now, export with the same digest', async ({
  page,
  host,
}) => {
  test.setTimeout(90_000);
  await appReady(page);
  const run = await makeRunFolder(host.workDir, 'iris-run', RUN_PROVENANCE.replace('role: model }', 'role: modle }'));

  await page.getByRole('button', { name: 'New bundle from folder…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New bundle from folder' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel(/Run folder/)).toBeFocused();
  await dialog.getByLabel(/Run folder/).fill(run);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const problems = dialog.getByTestId('plan-problems');
  await expect(problems).toContainText('line 10, column 37');
  await expect(problems).toContainText('files.1.role: role must be one of');
  await expect(dialog.getByRole('button', { name: 'Write bundle' })).toHaveCount(0);

  writeFileSync(path.join(run, 'provenance.yaml'), RUN_PROVENANCE);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const files = dialog.getByRole('table', { name: 'Files to pack' });
  await expect(files.getByRole('row')).toHaveCount(5); // header + 4 listed files
  await expect(files.getByRole('row', { name: /model\/model\.onnx model/ })).toBeVisible();
  await expect(dialog.getByText('replay.json will be written: the bundle can be replayed')).toBeVisible();
  await expect(dialog.getByText(/not listed in provenance\.yaml and are not packed/)).toBeVisible();

  const output = dialog.getByLabel(/Write the bundle to/);
  await expect(output).toHaveValue(`${run}.bundle.zip`);
  await dialog.getByRole('button', { name: 'Write bundle' }).click();
  await expect(dialog.getByTestId('make-written')).toContainText('Bundle written');
  const digest = (await dialog.getByTestId('make-written').locator('code.digest-full').textContent()) ?? '';
  expect(digest).toBe(verifiedDigest(`${run}.bundle.zip`));

  await dialog.getByRole('button', { name: 'Import it now' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('import-result')).toContainText('Imported iris-run.bundle.zip', { timeout: 30_000 });
  await page.getByTestId('import-result').getByRole('link', { name: 'Open the bundle' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Iris from a folder' })).toBeVisible();

  // Export the stored bundle: same digest as imported, checked from the exported file.
  await page.getByRole('button', { name: 'Export bundle…' }).click();
  const exporting = page.getByRole('dialog', { name: 'Export Iris from a folder' });
  const exported = path.join(host.workDir, 'exported.bundle.zip');
  await exporting.getByLabel(/Write the bundle to/).fill(exported);
  await exporting.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(exporting.getByTestId('export-result')).toContainText('the same as imported');
  expect(verifiedDigest(exported)).toBe(digest);
  await page.keyboard.press('Escape');
  await expect(exporting).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export bundle…' })).toBeFocused();
});

test('export of restricted data is refused, then allowed with an override reason; Escape closes the MLflow dialog', async ({
  page,
  host,
}) => {
  await appReady(page);
  const run = await makeRunFolder(
    host.workDir,
    'restricted-run',
    RUN_PROVENANCE.replace('license: BSD-3-Clause }', 'license: BSD-3-Clause, access: restricted }').replace(
      'Iris from a folder',
      'Restricted iris',
    ),
  );
  const bundle = path.join(host.workDir, 'restricted.bundle.zip');
  await page.getByRole('button', { name: 'New bundle from folder…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New bundle from folder' });
  await dialog.getByLabel(/Run folder/).fill(run);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('row', { name: /eval\/test\.csv data .* restricted/ })).toBeVisible();
  await dialog.getByLabel(/Write the bundle to/).fill(bundle);
  await dialog.getByRole('button', { name: 'Write bundle' }).click();
  await dialog.getByRole('button', { name: 'Import it now' }).click();
  await page.getByTestId('import-result').getByRole('link', { name: 'Open the bundle' }).click({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'Restricted iris' })).toBeVisible();

  await page.getByRole('button', { name: 'Export bundle…' }).click();
  const exporting = page.getByRole('dialog', { name: 'Export Restricted iris' });
  const exported = path.join(host.workDir, 'restricted-export.zip');
  await exporting.getByLabel(/Write the bundle to/).fill(exported);
  await exporting.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(exporting.getByText('Export refused: this bundle holds restricted data')).toBeVisible();
  const submit = exporting.getByRole('button', { name: 'Export with override' });
  await expect(submit).toBeDisabled();
  await exporting.getByLabel(/Override reason/).fill('sent to the journal reviewer under the DUA');
  await submit.click();
  await expect(exporting.getByTestId('export-result')).toContainText('the same as imported');
  await exporting.getByRole('button', { name: 'Close', exact: true }).click();

  await page.goto(`${host.origin}/#/bundles`);
  await page.getByRole('button', { name: 'Import MLflow run…' }).click();
  const mlflow = page.getByRole('dialog', { name: 'Import MLflow run' });
  await expect(mlflow).toBeVisible();
  await mlflow.getByLabel(/MLflow run:/).fill('relative/mlruns');
  await mlflow.getByRole('button', { name: 'Preview' }).click();
  await expect(mlflow.getByRole('alert')).toContainText('an absolute path');
  await page.keyboard.press('Escape');
  await expect(mlflow).toHaveCount(0);
});

test('Import MLflow run: the run summary before writing, with replay when evaluation data is named; write and import', async ({
  page,
  host,
}) => {
  await appReady(page);
  const mlruns = await buildMlruns(host.workDir);
  await page.getByRole('button', { name: 'Import MLflow run…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import MLflow run' });
  await dialog.getByLabel(/MLflow run:/).fill(mlruns);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('plan')).toContainText('no replay.json: the bundle cannot be replayed');
  await dialog.getByLabel(/Evaluation data/).fill('eval/test.csv');
  await expect(dialog.getByTestId('plan')).toHaveCount(0); // a changed input makes the preview stale
  await dialog.getByLabel('Label column').fill('label');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const plan = dialog.getByTestId('plan');
  await expect(plan).toContainText('replay.json will be written: the bundle can be replayed');
  await expect(plan).toContainText(MLFLOW_RUN_ID);
  await expect(plan).toContainText('C=1');
  await expect(plan).toContainText('log_loss=0.135799');
  await expect(
    plan.getByRole('row', { name: /^mlflow\/metrics-history\.csv \(made by the converter\) result/ }),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Write bundle' }).click();
  const digest = (await dialog.getByTestId('make-written').locator('code.digest-full').textContent()) ?? '';
  expect(digest).toBe(verifiedDigest(`${mlruns}.bundle.zip`));
  await dialog.getByRole('button', { name: 'Import it now' }).click();
  await expect(page.getByTestId('import-result')).toContainText('Imported mlruns.bundle.zip', { timeout: 30_000 });
});
