import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, appReady, repoRoot, sampleZip } from './fixtures';
import { writeVariant } from './bundle-variants';
import { importByPath, dismissResult } from './import-helpers';

// The run table (issue 17): columns chosen among metrics and parameters (kept across a reload), sorted and filtered
// by the core, runs of the same name told apart by the parameter that differs, two or more compared with deltas.
const outDir = path.join(repoRoot, 'test-results', 'screenshots');

/** The sample with another C and accuracy: the same run name, another bundle. */
function irisWith(target: string, c: number, accuracy: number): Promise<void> {
  return writeVariant(sampleZip, target, (crate) => {
    for (const e of crate['@graph']) {
      if (e['@id'] === '#param-C') e.value = c;
      if (e['@id'] === '#metric-accuracy') e.value = accuracy;
    }
  });
}

// Each name link carries the whole label as its title (the name itself may be cut short on screen).
const names = (page: Page) =>
  page
    .getByRole('table', { name: 'Bundles' })
    .locator('.cell-name a')
    .evaluateAll((els) => els.map((e) => e.getAttribute('title')));

test('the run table: columns, sort, filter, names told apart, compare', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await appReady(page);
  await page.getByRole('button', { name: 'Try the sample bundle' }).click();
  await expect(page.getByTestId('import-result')).toBeVisible({ timeout: 30_000 });
  await dismissResult(page);
  for (const [c, acc] of [
    [0.1, 0.9],
    [10, 0.95],
  ] as const) {
    const file = path.join(host.workDir, `iris-c${c}.zip`);
    await irisWith(file, c, acc);
    await importByPath(page, file);
    await dismissResult(page);
  }
  const table = page.getByRole('table', { name: 'Bundles' });
  await expect(table.getByRole('row')).toHaveCount(4);
  // Three runs of one name: each named with its C.
  expect((await names(page)).sort()).toEqual(
    [
      'Iris species logistic regression (C=0.1)',
      'Iris species logistic regression (C=1)',
      'Iris species logistic regression (C=10)',
    ].sort(),
  );

  // The default columns fit beside the navigation at 1024 px (no sideways scroll) and badges are whole at 1440 px.
  for (const width of [1024, 1440]) {
    await page.setViewportSize({ width, height: 800 });
    const scroller = page.locator('.bundle-table .vtable-hscroll');
    // The columns settle once the table has measured its place.
    await expect.poll(() => scroller.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(1);
    // No badge is cut: each is as wide inside its cell as its content needs.
    const clipped = await table
      .locator('.badge')
      .evaluateAll(
        (els) =>
          els.filter(
            (e) =>
              e.scrollWidth > e.clientWidth + 1 ||
              e.getBoundingClientRect().right > e.parentElement!.getBoundingClientRect().right + 1,
          ).length,
      );
    expect(clipped).toBe(0);
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await page.screenshot({ path: path.join(outDir, `run-table-${width}-${theme}.png`) });
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // Columns: accuracy and C, chosen from what the runs hold.
  await page.getByText('Columns', { exact: true }).click();
  const chooser = page.getByTestId('column-chooser');
  await chooser.getByRole('checkbox', { name: /^accuracy/ }).check();
  await chooser.getByRole('checkbox', { name: /^C\b/ }).check();
  await chooser.getByRole('checkbox', { name: 'Files' }).uncheck();
  await page.keyboard.press('Escape');
  await expect(table.getByRole('columnheader', { name: 'accuracy' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Files' })).toHaveCount(0);

  // Sorted by accuracy: highest first, then lowest first.
  await table.getByRole('button', { name: 'Metric accuracy' }).click();
  await expect(table.getByRole('columnheader', { name: 'accuracy' })).toHaveAttribute('aria-sort', 'descending');
  await expect
    .poll(() => names(page))
    .toEqual([
      'Iris species logistic regression (C=1)',
      'Iris species logistic regression (C=10)',
      'Iris species logistic regression (C=0.1)',
    ]);
  await table.getByRole('button', { name: 'Metric accuracy' }).click();
  await expect
    .poll(() => names(page))
    .toEqual([
      'Iris species logistic regression (C=0.1)',
      'Iris species logistic regression (C=10)',
      'Iris species logistic regression (C=1)',
    ]);

  // A filter: a bad value is named in words, a good one narrows the list.
  await page.getByText('Filter', { exact: true }).click();
  const filter = page.getByTestId('run-filter');
  await filter.getByLabel('Column').selectOption({ label: 'accuracy' });
  await filter.getByLabel('Comparison').selectOption('>=');
  await filter.getByLabel('Value').fill('high');
  await filter.getByRole('button', { name: 'Add filter' }).click();
  await expect(filter.getByRole('alert')).toHaveText('Value: “high” is not a number; a metric compares with numbers.');
  await filter.getByLabel('Value').fill('0.95');
  await filter.getByRole('button', { name: 'Add filter' }).click();
  await page.keyboard.press('Escape');
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(page.locator('.page-count')).toHaveText('2 matches');

  // Compare the two: deltas against the first ticked, and a bar chart of the metric.
  await table.getByRole('checkbox', { name: 'Compare Iris species logistic regression (C=10)' }).check();
  await expect(page.getByText('Tick another run to compare them.')).toBeVisible();
  await table.getByRole('checkbox', { name: 'Compare Iris species logistic regression (C=1)' }).check();
  const cmp = page.getByTestId('runs-compare');
  await expect(cmp.getByRole('heading', { name: 'Comparing 2 runs' })).toBeVisible();
  const accuracyRow = cmp.getByRole('row', { name: /^accuracy/ });
  await expect(accuracyRow).toContainText('0.95');
  await expect(accuracyRow).toContainText('Δ +0.05');
  await expect(cmp.getByRole('row', { name: /^C\b/ })).toContainText('10');
  await expect(cmp.getByTestId('runs-compare-chart')).toBeVisible();
  await expect(cmp.getByRole('link', { name: 'Full comparison' })).toHaveAttribute('href', /^#\/compare\//);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.screenshot({ path: path.join(outDir, `run-table-compare-1440-${theme}.png`) });
  }
  // At 1024 × 768 the panel shows its whole content, chart included: it is not a capped box that cuts the chart (the
  // page scrolls instead, and the run table below keeps its minimum height).
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect.poll(() => cmp.evaluate((e) => e.scrollHeight - e.clientHeight)).toBeLessThanOrEqual(1);
  const panelBox = (await cmp.boundingBox())!;
  const chartBox = (await cmp.getByTestId('runs-compare-chart').boundingBox())!;
  expect(chartBox.y + chartBox.height).toBeLessThanOrEqual(panelBox.y + panelBox.height);
  expect((await table.boundingBox())!.height).toBeGreaterThanOrEqual(200);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.screenshot({ path: path.join(outDir, `run-table-compare-1024-${theme}.png`) });
    await cmp.screenshot({ path: path.join(outDir, `run-table-compare-panel-1024-${theme}.png`) });
  }
  await cmp.getByRole('button', { name: 'Clear selection' }).click();
  await expect(cmp).toHaveCount(0);

  // The column choice is kept across a reload; the filter is not (a fresh look starts unfiltered).
  await page.reload();
  await expect(table.getByRole('columnheader', { name: 'accuracy' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Files' })).toHaveCount(0);
  await expect(table.getByRole('row')).toHaveCount(4);

  // The same labels where runs are listed elsewhere: Modules and the Compare picker.
  await page.goto(`${host.origin}/${new URL(host.url).search}#/modules`);
  await expect(page.getByRole('link', { name: 'Iris species logistic regression (C=10)' }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Iris species logistic regression (C=10)' }).first().click();
  const picker = page.getByLabel('Compare with another bundle');
  await expect(picker.locator('option', { hasText: 'Iris species logistic regression (C=0.1)' })).toHaveCount(1);
});
