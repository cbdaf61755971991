import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, appReady, sampleZip } from './fixtures';
import { tamperPayload } from '../helpers/zip-edit';
import { importByPath, dismissResult } from './import-helpers';
import { openBundleTab } from './bundle-tab';

test('importing the sample bundle shows progress, then the bundle page', async ({ page }) => {
  await appReady(page);
  // Hold the first status answer so the running state stays on screen long enough to check it.
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  await page.route('**/api/import:status', async (route) => {
    await gate;
    await route.continue();
  });
  await page.getByRole('button', { name: 'Try the sample bundle' }).click();
  const progress = page.getByTestId('import-progress');
  await expect(progress).toBeVisible();
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await expect(progress.getByRole('button', { name: 'Cancel' })).toBeEnabled();
  await expect(progress).toContainText('Time left');
  release();

  const result = page.getByTestId('import-result');
  await expect(result).toContainText(/Imported the sample bundle/, { timeout: 30_000 });
  await result.getByRole('link', { name: 'Open the bundle' }).click();

  await expect(page).toHaveURL(/#\/bundles\/[0-9a-f]{64}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Iris species logistic regression');
  await expect(page.locator('.page-head .badge-integrity-verified')).toHaveText(/Verified/);
  // The sample carries no author signature, and the page says so beside the integrity badge.
  await expect(page.locator('.page-head .badge-signature-warn')).toHaveText(/Unsigned/);
  await openBundleTab(page, 'Files');
  const files = page.getByRole('region', { name: /Files/ });
  for (const f of ['model/model.onnx', 'eval/test.csv', 'code/train.py', 'env/environment.json']) {
    await expect(files.getByRole('cell', { name: f, exact: true })).toBeVisible();
  }
  const digest = decodeURIComponent(page.url().split('/').pop()!.split('?')[0]!);
  await openBundleTab(page, 'Overview');
  await expect(page.locator('.digest-full')).toHaveText(digest);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy bundle digest' }).click();
  await expect(page.getByRole('button', { name: 'Copy bundle digest' })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(digest);
  await expect(page.getByRole('region', { name: /Completeness/ })).toBeVisible();

  // The list now holds it, with its status in words.
  await page.getByRole('link', { name: '← All bundles' }).click();
  const row = page.getByRole('row', { name: /Iris species logistic regression/ });
  await expect(row).toContainText('Verified');
});

test('importing the same bundle twice says it is already present', async ({ page }) => {
  await appReady(page);
  await importByPath(page, sampleZip);
  await expect(page.getByTestId('import-result')).toContainText('Imported');
  await dismissResult(page);
  await importByPath(page, sampleZip);
  await expect(page.getByTestId('import-result')).toContainText(/Already present/);
  // It names the stored bundle it is, so opening it is no surprise (issue 17).
  await expect(page.getByTestId('import-result')).toContainText(
    /Already present: \S*iris-logreg.bundle.zip is Iris species logistic regression/,
  );
  await expect(page.getByTestId('present-as')).toContainText(
    'Its files are the same bytes as “Iris species logistic regression”',
  );
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page
      .getByTestId('import-result')
      .screenshot({ path: `test-results/screenshots/already-present-1024-${theme}.png` });
  }
});

test('a tampered bundle: the user sees the checksum mismatch naming the file', async ({ page, host }) => {
  await appReady(page);
  const tampered = path.join(host.workDir, 'iris-tampered.bundle.zip');
  await tamperPayload(sampleZip, tampered, 'data/model/model.onnx');
  await page.getByTestId('bundle-file-input').setInputFiles(tampered);

  const result = page.getByTestId('import-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  // Refused, or imported as invalid: either way the mismatch and the file must be in plain sight.
  const open = result.getByRole('link', { name: 'Open the bundle' });
  if (await open.count()) {
    await open.click();
    await expect(page.locator('.page-head .badge-integrity-refused')).toHaveText(/Invalid|Refused/);
  }
  const problem = page.locator('.problem', { hasText: 'checksum-mismatch' }).first();
  await expect(problem).toBeVisible();
  await expect(problem).toContainText('model/model.onnx');
});

test('a file dropped on the Bundles screen is imported', async ({ page }) => {
  await appReady(page);
  const bytes = readFileSync(sampleZip).toString('base64');
  const dataTransfer = await page.evaluateHandle((b64) => {
    const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bin], 'dropped-iris.bundle.zip', { type: 'application/zip' }));
    return dt;
  }, bytes);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await expect(page.getByText('Drop the bundle .zip to import it')).toBeVisible();
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('import-result')).toContainText('Imported dropped-iris.bundle.zip', {
    timeout: 30_000,
  });
});

test('a path that is not a bundle is refused with the reason', async ({ page, host }) => {
  await appReady(page);
  await page.getByLabel('Import from a path on this machine').fill(path.join(host.workDir, 'missing.zip'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'missing.zip' })).toBeVisible({ timeout: 30_000 });
});
