import path from 'node:path';
import { test, expect, appReady, sampleZip } from './fixtures';
import { importByPath } from './import-helpers';
import { editedVariant, slowVariant } from './replay-variants';
import { openBundleTab } from './bundle-tab';

/** The replay as a reviewer meets it: Replay on the bundle page, the result page, the history and the Replays list. */
test('replaying the sample bundle through the UI: progress, verdict, metrics, confusion matrix, history, Replays list', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await appReady(page);

  // Before any replay the Replays section says so, and how to get one.
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await nav.getByRole('link', { name: 'Replays' }).click();
  await expect(page.getByRole('region', { name: 'No replays yet' })).toBeVisible();

  // Import the sample through the UI and open it.
  await nav.getByRole('link', { name: 'Bundles' }).click();
  await page.getByRole('button', { name: 'Try the sample bundle' }).click();
  const imported = page.getByTestId('import-result');
  await expect(imported).toContainText(/Imported the sample bundle/, { timeout: 30_000 });
  await imported.getByRole('link', { name: 'Open the bundle' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Iris species logistic regression');
  const bundleUrl = page.url();

  await openBundleTab(page, 'Replays');
  const card = page.getByRole('region', { name: 'Replay' });
  await expect(card.getByTestId('replay-history-empty')).toContainText('Not replayed yet');

  // Hold the status answers so the running state stays on screen long enough to check it.
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  await page.route('**/api/replay:status', async (route) => {
    await gate;
    await route.continue();
  });
  await card.getByRole('button', { name: 'Replay' }).click();
  const progress = card.getByTestId('replay-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('rows/s');
  await expect(progress).toContainText('elapsed');
  await expect(progress.getByRole('button', { name: 'Cancel' })).toBeEnabled();
  release();

  const done = card.getByTestId('replay-done');
  await expect(done).toContainText('Reproduced', { timeout: 30_000 });
  await expect(done).toContainText('All 3 metrics are within tolerance and all 45 recorded predictions agree.');
  // The history lists it at once, whatever page the reviewer goes to next.
  await expect(card.getByTestId('replay-row')).toHaveCount(1);
  await expect(card.getByTestId('replay-row')).toContainText('Reproduced');
  await done.getByRole('link', { name: 'Open the result' }).click();

  // The result page.
  await expect(page).toHaveURL(/#\/replays\/[0-9a-f-]{36}$/);
  const resultUrl = page.url();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Replay of Iris species logistic regression');
  const banner = page.getByTestId('verdict-banner');
  await expect(banner).toContainText('Reproduced');
  await expect(banner).toContainText('All 3 metrics are within tolerance');

  const metrics = page.getByTestId('metrics-table');
  for (const name of ['accuracy', 'macro_f1', 'log_loss']) {
    const row = metrics.getByRole('row', { name: new RegExp(`^${name}\\b`) });
    await expect(row).toContainText('Pass');
  }
  await expect(metrics.getByRole('row')).toHaveCount(4); // the header and three metrics
  await expect(metrics.getByRole('row', { name: /^accuracy/ })).toContainText('exact');

  // A 3×3 confusion matrix over the 45 rows, and per-class precision/recall.
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix).toBeVisible();
  const counts = await matrix.locator('td.confusion-cell').allTextContents();
  expect(counts).toHaveLength(9);
  expect(counts.reduce((sum, c) => sum + Number(c), 0)).toBe(45);
  await expect(page.getByTestId('class-scores').locator('tbody tr')).toHaveCount(3);
  await expect(page.locator('.recharts-bar-rectangle').first()).toBeVisible();

  await expect(page.getByRole('region', { name: 'Recorded predictions' })).toContainText(
    'All 45 recorded predictions agree',
  );
  await expect(page.getByTestId('output-hash')).toHaveText(/^[0-9a-f]{64}$/);
  const hash = await page.getByTestId('output-hash').textContent();
  await expect(page.getByTestId('environment-differences')).toContainText('runtime');

  // A second replay with another batch size (the folded-away option) gives the same output.
  await page.goto(bundleUrl);
  await openBundleTab(page, 'Replays');
  await card.getByText('Options').click();
  await card.getByLabel('Batch size (rows per inference call)').fill('7');
  await card.getByRole('button', { name: 'Replay' }).click();
  await expect(card.getByTestId('replay-done')).toContainText('Reproduced', { timeout: 30_000 });
  await expect(card.getByTestId('replay-row')).toHaveCount(2);
  await card.getByTestId('replay-done').getByRole('link', { name: 'Open the result' }).click();
  await expect(page.getByTestId('verdict-banner')).toContainText('Reproduced');
  await expect(page.getByRole('region', { name: 'Replay', exact: true })).toContainText('Batch size7');
  await expect(page.getByTestId('output-hash')).toHaveText(hash!);

  // The Replays section lists both, newest first, with the bundle's name; the verdict filter narrows them.
  await nav.getByRole('link', { name: 'Replays' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Replays');
  const rows = page.getByTestId('replay-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Iris species logistic regression');
  await expect(rows.first()).toContainText('Reproduced');
  await page.getByLabel('Verdict').selectOption('failed');
  await expect(rows).toHaveCount(0);
  await expect(page.getByText('No replay has this verdict.')).toBeVisible();
  await page.getByLabel('Verdict').selectOption('reproduced');
  await expect(rows).toHaveCount(2);
  await rows
    .last()
    .getByRole('link', { name: /^Open result/ })
    .click();
  await expect(page).toHaveURL(resultUrl);
  await expect(page.getByTestId('verdict-banner')).toContainText('Reproduced');
});

test('a bundle whose numbers were edited is not reproduced: the failing metrics and the disagreeing rows are shown', async ({
  page,
  host,
}) => {
  await appReady(page);
  const edited = path.join(host.workDir, 'edited.bundle.zip');
  await editedVariant(sampleZip, edited, 'Iris, numbers edited');
  await importByPath(page, edited);
  await page.getByTestId('import-result').getByRole('link', { name: 'Open the bundle' }).click();
  await openBundleTab(page, 'Replays');
  const card = page.getByRole('region', { name: 'Replay' });
  await card.getByRole('button', { name: 'Replay' }).click();
  const done = card.getByTestId('replay-done');
  await expect(done).toContainText('Not reproduced', { timeout: 30_000 });
  await done.getByRole('link', { name: 'Open the result' }).click();

  const banner = page.getByTestId('verdict-banner');
  await expect(banner).toContainText('Not reproduced');
  await expect(banner).toContainText(
    '2 of 3 metrics outside tolerance: accuracy off by 2.0e-2 (allowed 0), log_loss off by 6.4e-2',
  );
  await expect(banner).toContainText('2 of 45 recorded predictions disagree');
  const metrics = page.getByTestId('metrics-table');
  await expect(metrics.getByRole('row', { name: /^accuracy/ })).toContainText('Fail: off by 2.0e-2 (allowed 0)');
  await expect(metrics.getByRole('row', { name: /^macro_f1/ })).toContainText('Pass');
  await expect(metrics.getByRole('row', { name: /^log_loss/ })).toContainText('Fail');
  const rows = page.getByTestId('disagreements').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first().locator('td').first()).toHaveText('1');
  await expect(rows.last().locator('td').first()).toHaveText('3');
});

test('Cancel stops a running replay: no verdict, nothing kept, and the next replay can start', async ({
  page,
  host,
}) => {
  await appReady(page);
  const slow = path.join(host.workDir, 'slow.bundle.zip');
  await slowVariant(sampleZip, slow, 'A model that computes for minutes');
  await importByPath(page, slow);
  await page.getByTestId('import-result').getByRole('link', { name: 'Open the bundle' }).click();
  await openBundleTab(page, 'Replays');
  const card = page.getByRole('region', { name: 'Replay' });
  await card.getByRole('button', { name: 'Replay' }).click();
  const progress = card.getByTestId('replay-progress');
  await expect(progress).toContainText('running', { timeout: 15_000 });
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(card.getByRole('status').filter({ hasText: 'Replay cancelled' })).toBeVisible({ timeout: 15_000 });
  await expect(card).toContainText('nothing was kept');
  await expect(card.getByTestId('replay-history-empty')).toBeVisible();
  await expect(card.getByRole('button', { name: 'Replay' })).toBeEnabled();
});

test('an unknown replay id says so plainly', async ({ page }) => {
  await appReady(page);
  await page.goto(`${new URL(page.url()).origin}/#/replays/no-such-replay`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Replay not available');
  await expect(page.getByRole('alert')).toContainText('no replay no-such-replay');
});
