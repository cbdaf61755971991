import path from 'node:path';
import { test, expect, appReady, repoRoot, sampleZip } from './fixtures';
import { importByPath, dismissResult } from './import-helpers';
import { writeVariant } from './bundle-variants';
import { openBundleTab } from './bundle-tab';
import { refusedModelVariant } from './replay-variants';

// Issue 17: one state vocabulary and palette: a bundle with metadata errors is not "Verified"; charts say what their
// axes are.

const shots = path.join(repoRoot, 'test-results', 'screenshots');

test('a bundle whose metadata has errors reads "Verified with problems"; the dashboard charts carry axis titles and the verdict legend', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1024, height: 800 });
  await appReady(page);
  const broken = path.join(host.workDir, 'absent-file.bundle.zip');
  await writeVariant(sampleZip, broken, (crate) => {
    const root = crate['@graph'].find((e) => e['@id'] === './')!;
    root.name = 'Iris, crate names an absent file';
    root.hasPart = [...((root.hasPart as unknown[]) ?? []), { '@id': 'eval/absent.csv' }];
    crate['@graph'].push({ '@id': 'eval/absent.csv', '@type': 'File', name: 'absent.csv' });
  });
  await importByPath(page, broken);
  await dismissResult(page);
  // The list says the same as the page: the core's classification, in the shared words.
  await expect(
    page
      .getByRole('row', { name: /Iris, crate names an absent file/ })
      .locator('[data-state="verified-with-problems"]'),
  ).toHaveText(/Verified with problems/);
  await page.getByRole('link', { name: 'Iris, crate names an absent file' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Iris, crate names an absent file' })).toBeVisible();
  const badge = page.getByTestId('bundle-header').locator('[data-state="verified-with-problems"]');
  await expect(badge).toHaveText(/Verified with problems/);
  await expect(page.locator('[data-state="verified"]')).toHaveCount(0);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.getByTestId('bundle-header').screenshot({ path: path.join(shots, `integrity-badge-1024-${theme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // A replay, then the dashboard: every chart titles its axes; duration bars of one day are told apart by time.
  await openBundleTab(page, 'Replays');
  const card = page.getByRole('region', { name: 'Replay', exact: true });
  await card.getByRole('button', { name: 'Replay' }).click();
  await expect(card.getByTestId('replay-done')).toContainText('Reproduced', { timeout: 30_000 });
  await page.goto(`${host.origin}/#/dashboard`);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  const resources = page.getByTestId('resources-chart');
  await expect(resources).toContainText('wall time');
  await expect(resources).toContainText(/started on \d{4}-\d{2}-\d{2} \(hour:minute, UTC\)/);
  await expect(resources.getByTestId('resources-legend')).toHaveText('Reproduced');
  await expect(page.getByTestId('replication-chart')).toContainText('bundles');
  await expect(page.getByTestId('success-rate-chart')).toContainText('reproduced');
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.screenshot({ path: path.join(shots, `dashboard-states-1024-${theme}.png`) });
    await resources.scrollIntoViewIfNeeded();
    await resources.screenshot({ path: path.join(shots, `resources-chart-1024-${theme}.png`) });
  }
});

test('a bundle whose replay could not run reads "Failed (could not run)" in the run table and on the dashboard, never "Not reproduced"', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1024, height: 800 });
  await appReady(page);
  const name = 'Iris with a custom-operator model';
  const refused = path.join(host.workDir, 'custom-operator.bundle.zip');
  await refusedModelVariant(sampleZip, refused, name);
  for (const file of [sampleZip, refused]) {
    await importByPath(page, file);
    await dismissResult(page);
  }
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await openBundleTab(page, 'Replays');
  const card = page.getByRole('region', { name: 'Replay', exact: true });
  await card.getByRole('button', { name: 'Replay' }).click();
  await expect(card.getByTestId('replay-done')).toContainText('Failed', { timeout: 30_000 });

  // The run table's Replication column: its own state, amber, not the red "Not reproduced".
  await page.goto(`${host.origin}/#/bundles`);
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row.locator('[data-state="failed"]')).toHaveText(/Failed \(could not run\)/);
  await expect(row.locator('[data-state="failed"]')).toHaveClass(/badge-tone-warn/);
  await expect(page.locator('[data-state="not-reproduced"]')).toHaveCount(0);
  // Whole at 1024 px: the column widens while a listed bundle is failed; nothing scrolls sideways.
  const failedBadge = row.locator('[data-state="failed"]');
  await expect
    .poll(() =>
      failedBadge.evaluate(
        (e) =>
          e.scrollWidth <= e.clientWidth + 1 &&
          e.getBoundingClientRect().right <= e.parentElement!.getBoundingClientRect().right + 1,
      ),
    )
    .toBe(true);
  const scroller = page.locator('.bundle-table .vtable-hscroll');
  await expect.poll(() => scroller.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(1);

  // The run table's filter narrows to the state, through the address the dashboard's links use too.
  await page.getByText('Filter', { exact: true }).click();
  await page.getByTestId('run-filter').getByLabel('Replication').selectOption({ label: 'Failed (could not run)' });
  await expect(page).toHaveURL(/#\/bundles\?state=failed$/);
  await expect(page.getByRole('table', { name: 'Bundles' }).getByRole('row')).toHaveCount(2); // the header and one
  await expect(page.locator('.filter-chip')).toContainText('Replication: Failed (could not run)');
  await page.getByText('Filter', { exact: true }).click();
  const stateFilter = page.getByTestId('run-filter').getByLabel('Replication');
  await expect(stateFilter).toHaveValue('failed');
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.screenshot({ path: path.join(shots, `bundles-state-filter-1024-${theme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await stateFilter.selectOption({ label: 'Any state' });
  await expect(page).toHaveURL(/#\/bundles$/);
  await expect(page.getByRole('table', { name: 'Bundles' }).getByRole('row')).toHaveCount(3);

  // The dashboard counts it as failed, and its link narrows the run table to it.
  await page.goto(`${host.origin}/#/dashboard`);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  const states = page.getByRole('list', { name: 'Bundles in each replication state' });
  await expect(states.getByRole('link', { name: /^Failed \(could not run\)/ })).toContainText('1');
  await expect(states.getByRole('link', { name: /^Not reproduced/ })).toContainText('0');
  await expect(states.getByRole('link', { name: /^Pending/ })).toContainText('1');
  await expect(page.getByTestId('replication-chart')).toContainText('Failed');
  // The success rate is over replays that ran: the one that could not run is counted beside it, not as a 0%.
  await expect(page.getByRole('region', { name: 'Success rate over time' })).toContainText(
    'No replay has run yet: 1 replay could not run.',
  );
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.screenshot({ path: path.join(shots, `dashboard-failed-1024-${theme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await states.getByRole('link', { name: /^Failed \(could not run\)/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bundles' })).toBeVisible();
  await expect(page.locator('.filter-chip')).toContainText('Replication: Failed (could not run)');
  await expect(page.getByRole('row', { name: new RegExp(name) })).toBeVisible();
  await expect(page.getByText('1 match', { exact: true })).toBeVisible();
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.screenshot({ path: path.join(shots, `bundles-failed-1024-${theme}.png`) });
  }
});
