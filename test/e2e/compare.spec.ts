import path from 'node:path';
import { test, expect, appReady, repoRoot, sampleZip } from './fixtures';
import { importByPath, dismissResult } from './import-helpers';
import { compareVariant } from '../helpers/compare-variants';

test('drift and compare: a variant with a changed data file raises an alert that opens the compare view', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await appReady(page);
  const variant = path.join(host.workDir, 'drifted.bundle.zip');
  await compareVariant(sampleZip, variant, {
    name: 'Iris, new test set',
    parameterC: 0.5,
    dataFile: Buffer.from('sepal_length,label\n5.1,0\n'),
    numpyVersion: '2.0.0',
  });
  await importByPath(page, sampleZip);
  await dismissResult(page);
  await importByPath(page, variant);
  await dismissResult(page);

  await page.getByRole('link', { name: 'Iris, new test set' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Iris, new test set' })).toBeVisible();
  const banner = page.getByTestId('drift-banner');
  await expect(banner).toContainText('Drift: 2 changes since an earlier bundle');
  await expect(banner).toContainText('data set "test.csv" has digest');
  await expect(banner).toContainText('replay to revalidate');
  // Each alert names the earlier bundle it compares with.
  await expect(banner.getByTestId('drift-alert').first()).toContainText(
    'Compared with Iris species logistic regression (',
  );

  // A known change is dismissed with a reason: it leaves the open alerts, stays listed with who and why, and is
  // audited.
  const numpy = banner.getByTestId('drift-alert').filter({ hasText: 'numpy' });
  await numpy.getByRole('button', { name: /Dismiss the alert on numpy/ }).click();
  await expect(numpy.getByRole('button', { name: 'Dismiss alert' })).toBeDisabled();
  await numpy.getByLabel('Why is this not drift?').fill('numpy 2 was adopted on purpose');
  await numpy.getByRole('button', { name: 'Dismiss alert' }).click();
  await expect(banner).toContainText('Drift: 1 change since an earlier bundle');
  await expect(banner.getByTestId('drift-dismissed')).toContainText('1 dismissed drift alert');
  await banner.getByTestId('drift-dismissed').locator('summary').click();
  await expect(banner.getByTestId('drift-dismissed')).toContainText('“numpy 2 was adopted on purpose”');
  await page.setViewportSize({ width: 1024, height: 800 });
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await banner.screenshot({
      path: path.join(repoRoot, 'test-results', 'screenshots', `drift-banner-1024-${theme}.png`),
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });

  await banner.getByTestId('drift-alert').first().getByRole('link', { name: 'Compare', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Compare bundles' })).toBeVisible();
  await expect(page).toHaveURL(/#\/compare\/[0-9a-f]{64}\/[0-9a-f]{64}$/);
  const loud = page.getByRole('alert').filter({ hasText: 'Data changed in the same data set (1)' });
  await expect(loud).toContainText('test.csv');
  await expect(loud).toContainText('same pipeline and path, different digest');
  const data = page.getByTestId('cmp-data');
  await expect(data.getByRole('row', { name: /test\.csv/ })).toContainText('!! different bytes');
  await expect(page.getByTestId('cmp-parameters').getByRole('row', { name: /^C / })).toContainText('~ changed');
  await expect(page.getByTestId('cmp-environment')).toContainText('packages.numpy');
  await expect(page.getByTestId('cmp-parameters').getByRole('row')).toHaveCount(2);
  await page.getByLabel('Show unchanged').check();
  await expect(page.getByTestId('cmp-parameters').getByRole('row')).toHaveCount(6);

  // The picker on the bundle page opens the same view from the other side.
  await page.getByRole('link', { name: 'Iris species logistic regression' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Iris species logistic regression' })).toBeVisible();
  await expect(page.getByTestId('drift-banner')).toHaveCount(0);
  await page.getByLabel('Compare with another bundle').selectOption({ index: 1 });
  await page.getByRole('link', { name: 'Compare', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Compare bundles' })).toBeVisible();
  await expect(page.getByTestId('cmp-data')).toContainText('!! different bytes');
});
