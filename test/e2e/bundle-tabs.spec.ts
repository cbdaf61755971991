import path from 'node:path';
import { test, expect, appReady, repoRoot } from './fixtures';

// The task-first bundle page (issue 17): a header with where the bundle stands and Replay / Decide, the sections as
// tabs whose choice is in the address (links and Back work), arrow keys between tabs.
const outDir = path.join(repoRoot, 'test-results', 'screenshots');

test('the bundle page: fixed header, tabs in the address, Back, keyboard', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await appReady(page);
  await page.getByRole('button', { name: 'Try the sample bundle' }).click();
  const imported = page.getByTestId('import-result');
  await expect(imported).toContainText(/Imported the sample bundle/, { timeout: 30_000 });
  await imported.getByRole('link', { name: 'Open the bundle' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Iris species logistic regression');

  const header = page.getByTestId('bundle-header');
  await expect(header.getByText('Verification')).toBeVisible();
  await expect(header.getByText('not replayed yet')).toBeVisible();
  await expect(header.getByTestId('header-approval')).toContainText('Not approved yet');
  await expect(header.getByTestId('header-approval')).toContainText('0 of 1 required approval');
  // No signing identity yet: Decide is there but says why it cannot be used.
  await expect(header.getByRole('button', { name: 'Decide…' })).toBeDisabled();

  const tabs = page.getByRole('tablist', { name: 'Bundle sections' });
  await expect(tabs.getByRole('tab')).toHaveText(['Overview', /^Files/, 'Replays', 'Licenses', 'Approvals', 'Audit']);
  await expect(tabs.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  await expect(
    page.getByRole('tabpanel', { name: 'Overview' }).getByRole('heading', { name: 'Verification' }),
  ).toBeVisible();
  // One section at a time: the files table is not on the Overview.
  await expect(page.getByRole('region', { name: /^Files/ })).toHaveCount(0);

  // Replay from the header: the Replays tab opens with the run and its outcome.
  await header.getByRole('button', { name: 'Replay' }).click();
  await expect(page).toHaveURL(/\?tab=replays$/);
  await expect(page.getByRole('tabpanel', { name: 'Replays' }).getByTestId('replay-done')).toContainText('Reproduced', {
    timeout: 30_000,
  });
  await expect(header.getByText('Reproduced')).toBeVisible();

  // Tabs are addresses: Files, then Back returns to Replays, and a reload keeps the tab.
  await tabs.getByRole('tab', { name: /^Files/ }).click();
  await expect(page).toHaveURL(/\?tab=files$/);
  await expect(page.getByRole('tabpanel', { name: /^Files/ }).getByRole('table')).toBeVisible();
  await page.goBack();
  await expect(tabs.getByRole('tab', { name: 'Replays' })).toHaveAttribute('aria-selected', 'true');
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Replays' })).toHaveAttribute('aria-selected', 'true');

  // Keyboard: the selected tab is the tab stop; arrows move and select, focus stays on the tabs.
  await page.getByRole('tab', { name: 'Replays' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Licenses' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Licenses' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Audit' })).toBeFocused();
  const audit = page.getByRole('tabpanel', { name: 'Audit' });
  await expect(audit.getByTestId('bundle-audit')).toContainText('bundle.import');
  await expect(audit.getByTestId('bundle-audit')).toContainText('replay');
  await page.keyboard.press('Home');
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeFocused();
  await expect(page).not.toHaveURL(/\?tab=/);

  // An unknown tab in the address is the Overview, not an error.
  await page.goto(page.url() + '?tab=nonsense');
  await expect(page.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');

  // The header stays in view while the tab scrolls.
  await page.getByRole('tab', { name: 'Approvals' }).click();
  await page.locator('.app-main').evaluate((e) => e.scrollTo(0, e.scrollHeight));
  await expect(header.getByRole('button', { name: 'Replay' })).toBeInViewport();
  for (const [w, h] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.getByRole('tab', { name: 'Overview' }).click();
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await page.screenshot({ path: path.join(outDir, `bundle-tabs-${w}-${theme}.png`) });
    }
  }
});
