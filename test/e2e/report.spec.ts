import { readFileSync } from 'node:fs';
import { test, expect, appReady } from './fixtures';
import { openBundleTab } from './bundle-tab';

const readDownload = async (d: { path(): Promise<string> }) => readFileSync(await d.path(), 'utf8');

/**
 * The replication report as a reviewer makes it: from the bundle page before and after a replay, and from a replay's
 * result page.
 */
test('the replication report: downloaded before and after a replay, printed from a sandboxed frame, and for one replay', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await appReady(page);
  await page.getByRole('button', { name: 'Try the sample bundle' }).click();
  const imported = page.getByTestId('import-result');
  await expect(imported).toContainText(/Imported the sample bundle/, { timeout: 30_000 });
  await imported.getByRole('link', { name: 'Open the bundle' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Iris species logistic regression');
  const digest = /#\/bundles\/([0-9a-f]{64})/.exec(page.url())?.[1];
  expect(digest).toBeTruthy();

  // Before any replay the report says so instead of failing.
  await openBundleTab(page, 'Approvals');
  const card = page.getByRole('region', { name: 'Replication report' });
  const [before] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('button', { name: 'Download HTML' }).click(),
  ]);
  expect(before.suggestedFilename()).toBe(
    `replication-report-iris-species-logistic-regression-${digest!.slice(0, 12)}.html`,
  );
  const beforeHtml = await readDownload(before);
  expect(beforeHtml).toContain(`id="bundle-digest">${digest}</code>`);
  expect(beforeHtml).toContain('Not replayed yet');
  expect(beforeHtml).toContain('No approvals: nobody has signed a decision about this bundle.');
  await expect(card.getByTestId('report-status')).toContainText(
    'Downloaded replication-report-iris-species-logistic-regression',
  );

  // Replay, then the report carries the replayed metrics and the verdict.
  await openBundleTab(page, 'Replays');
  const replayCard = page.getByRole('region', { name: 'Replay' });
  await replayCard.getByRole('button', { name: 'Replay' }).click();
  await expect(replayCard.getByTestId('replay-done')).toContainText('Reproduced', { timeout: 30_000 });
  await openBundleTab(page, 'Approvals');
  const [after] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('button', { name: 'Download HTML' }).click(),
  ]);
  const html = await readDownload(after);
  expect(html).toContain('<span class="badge good verdict">✓ Reproduced</span>');
  expect(html).toContain('Multinomial logistic regression separates the three iris species with accuracy above 0.9.');
  expect(html).toContain('8bc8cffec34a905aef90d4070edc897f38f21229ebdfcdd57b61250c14ccf768');
  for (const name of ['accuracy', 'macro_f1', 'log_loss', 'max_iter']) expect(html).toContain(`<code>${name}</code>`);
  expect(html).toContain('<code>replay.run</code>');
  expect(html).toContain('<code>report.produce</code>'); // the first report is in the second one's audit entries
  expect(html).toMatch(/Environment differences \(\d+\)/);
  expect(html).not.toMatch(/<script|\s(src|href)=/i);

  // Save as PDF in a browser: the report opens in a sandboxed frame for the print dialog, under the app's CSP
  // (the page fixture fails the test on any CSP violation).
  await card.getByRole('button', { name: 'Save as PDF' }).click();
  await expect(card.getByTestId('report-status')).toContainText('Save as PDF');
  const frame = page.locator('iframe[title="Replication report (print)"]');
  await expect(frame).toHaveAttribute('sandbox', 'allow-same-origin allow-modals');
  await expect(page.frameLocator('iframe[title="Replication report (print)"]').locator('#bundle-digest')).toHaveText(
    digest!,
  );

  // The replay's result page makes the report of that replay.
  await openBundleTab(page, 'Replays');
  await replayCard
    .getByTestId('replay-row')
    .first()
    .getByRole('link', { name: /^Open result/ })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Replay of Iris species logistic regression');
  const replayId = /#\/replays\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
  const [forReplay] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('report-actions').getByRole('button', { name: 'Download HTML' }).click(),
  ]);
  expect(await readDownload(forReplay)).toContain(`<code>${replayId}</code>`);
});
