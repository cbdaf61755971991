import path from 'node:path';
import { test, expect, appReady, sampleZip } from './fixtures';
import { renamedVariant } from './bundle-variants';
import { importByPath, dismissResult } from './import-helpers';

test('search and sort the bundle list', async ({ page, host }) => {
  await appReady(page);
  const names = ['Alpha churn model', 'Beta fraud detector', 'Gamma fraud scorer'];
  for (const [i, name] of names.entries()) {
    const file = path.join(host.workDir, `variant-${i}.bundle.zip`);
    await renamedVariant(sampleZip, file, name);
    await importByPath(page, file);
    await expect(page.getByTestId('import-result')).toContainText('Imported');
    await dismissResult(page);
  }
  const table = page.getByRole('table', { name: 'Bundles' });
  const nameCells = table.locator('.cell-name');
  await expect(nameCells).toHaveCount(3);

  // `/` focuses the search box from anywhere on the screen.
  await page.locator('h1').click();
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search bundles' });
  await expect(search).toBeFocused();
  await page.keyboard.type('fraud');
  await expect(nameCells).toHaveCount(2);
  await expect(table).toContainText('Beta fraud detector');
  await expect(table).toContainText('Gamma fraud scorer');
  await expect(page.locator('.page-count')).toHaveText('2 matches');

  await search.fill('no such bundle');
  await expect(page.getByText('No bundle matches “no such bundle”.')).toBeVisible();
  await search.fill('');
  await expect(nameCells).toHaveCount(3);

  const nameHeader = table.getByRole('columnheader', { name: /Name/ });
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(nameCells).toHaveText(names);
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(nameCells).toHaveText([...names].reverse());
});

test('metadata with <script> renders as text and never runs', async ({ page, host }) => {
  await appReady(page);
  const evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
  const file = path.join(host.workDir, 'evil.bundle.zip');
  await renamedVariant(sampleZip, file, evil);
  await importByPath(page, file);
  await page.getByTestId('import-result').getByRole('link', { name: 'Open the bundle' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(evil);
  await page.getByRole('link', { name: '← All bundles' }).click();
  await expect(page.locator('.cell-name')).toHaveText([evil]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
});
