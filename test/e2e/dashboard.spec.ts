import { test, expect, appReady } from './fixtures';
import { openBundleTab } from './bundle-tab';

/**
 * The dashboard as a team lead meets it: empty store → Bundles; with content → the dashboard, whose figures link to
 * their lists.
 */
test('dashboard: first screen once there is content; states, success rate and resources link to the lists behind them', async ({
  page,
  host,
}) => {
  test.setTimeout(90_000);
  await appReady(page);
  // An empty store opens on Bundles, where importing starts; the address becomes Bundles' own.
  await expect(page.getByRole('heading', { level: 1, name: 'Bundles' })).toBeVisible();
  await expect(page).toHaveURL(/#\/bundles$/);

  const nav = page.getByRole('navigation', { name: 'Sections' });
  await nav.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  const glance = page.getByRole('navigation', { name: 'At a glance' });
  await expect(glance.getByRole('link', { name: /^0\s*bundles/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Success rate over time' })).toContainText('No replay yet');

  // Import the sample: one bundle, pending replication.
  await nav.getByRole('link', { name: 'Bundles' }).click();
  await page.getByRole('button', { name: 'Try the sample bundle' }).click();
  await expect(page.getByTestId('import-result')).toContainText(/Imported the sample bundle/, { timeout: 30_000 });
  // importing did not switch screens
  await expect(page.getByRole('heading', { level: 1, name: 'Bundles' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Iris species logistic regression/ })).toContainText('Pending');

  // The home address now opens the dashboard.
  await page.goto(`${host.origin}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page).toHaveURL(/#\/dashboard$/);
  const states = page.getByRole('list', { name: 'Bundles in each replication state' });
  await expect(states.getByRole('link', { name: /Pending\s*1/ })).toBeVisible();
  await expect(page.getByTestId('replication-chart')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Waiting for a decision' })).toContainText(
    'Iris species logistic regression',
  );

  // A state leads to the bundle list narrowed to it; the chip clears the filter.
  await states.getByRole('link', { name: /Reproduced\s*0/ }).click();
  await expect(page).toHaveURL(/#\/bundles\?state=reproduced$/);
  await expect(page.getByText('Replication: Reproduced')).toBeVisible();
  await expect(page.getByText('No bundle is reproduced.')).toBeVisible();
  await page.getByRole('link', { name: 'Show every bundle, not only reproduced ones' }).click();
  await expect(page.getByRole('row', { name: /Iris species logistic regression/ })).toBeVisible();

  // Replay it; the dashboard then counts it reproduced, with its success rate and resources.
  await page.getByRole('link', { name: 'Iris species logistic regression' }).click();
  await openBundleTab(page, 'Replays');
  const card = page.getByRole('region', { name: 'Replay' });
  await card.getByRole('button', { name: 'Replay' }).click();
  const done = card.getByTestId('replay-done');
  await expect(done).toContainText('Reproduced', { timeout: 60_000 });
  await done.getByRole('link', { name: 'Open the result' }).click();
  await expect(page).toHaveURL(/#\/replays\/[0-9a-f-]{36}$/);
  const replayUrl = page.url();

  await nav.getByRole('link', { name: 'Dashboard' }).click();
  await expect(states.getByRole('link', { name: /Reproduced\s*1/ })).toBeVisible();
  await expect(states.getByRole('link', { name: /Pending\s*0/ })).toBeVisible();
  const rate = page.getByRole('region', { name: 'Success rate over time' });
  await expect(rate).toContainText('100% of 1 replay that ran reproduced');
  await expect(page.getByTestId('success-rate-chart')).toBeVisible();
  const resources = page.getByRole('region', { name: 'Replay durations and resources' });
  await expect(resources.getByRole('row', { name: /Peak memory/ })).toContainText(/MB/);
  await expect(glance.getByRole('link', { name: /^1\s*replay$/ })).toBeVisible();

  // A bar of the resources chart opens that replay's result.
  await page.getByTestId('resources-chart').locator('.recharts-bar-rectangle path').first().click();
  await expect(page).toHaveURL(replayUrl);

  // A bar of the state chart opens the narrowed list.
  await nav.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByTestId('replication-chart').locator('.recharts-bar-rectangle path').first().click();
  await expect(page).toHaveURL(/#\/bundles\?state=reproduced$/);
  await expect(page.getByRole('row', { name: /Iris species logistic regression/ })).toContainText('Reproduced');

  // The license alerts link to Licenses & Access narrowed by status, or opened on a tab.
  await page.goto(`${host.origin}/#/licenses?status=needs-review`);
  await expect(page.getByLabel('Status')).toHaveValue('needs-review');
  await page.goto(`${host.origin}/#/licenses?tab=log`);
  await expect(page.getByRole('tab', { name: 'Access log' })).toHaveAttribute('aria-selected', 'true');
  await page.goto(`${host.origin}/#/licenses?tab=nonsense`);
  await expect(page.getByRole('tab', { name: 'Artifacts' })).toHaveAttribute('aria-selected', 'true');
});
