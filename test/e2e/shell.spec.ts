import { test, expect, appReady } from './fixtures';

test('the token leaves the address bar and the page keeps working after a reload', async ({ page }) => {
  await appReady(page);
  expect(page.url()).not.toContain('token=');
  await page.reload();
  await appReady(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Bundles' })).toBeVisible();
});

test('header shows the store path and version from app:info', async ({ page, host }) => {
  await appReady(page);
  await expect(page.locator('.store-path')).toHaveText(host.storeDir);
  await expect(page.locator('.brand-version')).toHaveText(/^v\d+\.\d+\.\d+/);
});

test('skip link, Tab through the navigation, and Alt+digit shortcuts', async ({ page }) => {
  await appReady(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
  // the skip link must not change the route (an empty store opens on Bundles)
  expect(page.url()).toMatch(/#\/bundles$/);

  // From the top: skip link, then the eight sections in order.
  await page.reload();
  await appReady(page);
  await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();
  const labels = ['Dashboard', 'Bundles', 'Replays', 'Approvals', 'Modules', 'Licenses & Access', 'Audit', 'Settings'];
  for (const label of labels) {
    await page.keyboard.press('Tab');
    await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: label })).toBeFocused();
  }
  await page.keyboard.press('Shift+Tab'); // back to Audit
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/audit$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeFocused();
  await expect(page.getByRole('link', { name: 'Audit' })).toHaveAttribute('aria-current', 'page');

  await page.keyboard.press('Alt+8');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Alt+1' })).toBeVisible();
  await page.keyboard.press('Alt+3');
  await expect(page).toHaveURL(/#\/replays$/);
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { level: 1, name: 'Bundles' })).toBeVisible();
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
});

test('focus is visible on keyboard focus', async ({ page }) => {
  await appReady(page);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
  expect(outline).toBe('solid');
});

test('each section shows an honest empty state on a fresh store', async ({ page }) => {
  await appReady(page);
  const bundles = page.getByRole('region', { name: 'Import your first bundle' });
  await expect(bundles).toBeVisible();
  await expect(bundles).toContainText('Drop a .zip here');
  await expect(bundles.getByRole('button', { name: 'Choose a file…' })).toBeVisible();
  await expect(bundles.getByRole('button', { name: 'Try the sample bundle' })).toBeVisible();
  await expect(bundles.getByLabel('Import from a path on this machine')).toBeVisible();

  const later: [string, string, RegExp][] = [
    ['replays', 'No replays yet', /Replay a bundle from its page/],
    ['approvals', 'Waiting for a decision', /Nothing waits for you/],
    ['modules', 'No modules registered', /Import bundles that declare modules/],
    ['licenses', 'No bundles to check yet', /SPDX license/],
  ];
  for (const [section, title, how] of later) {
    await page.goto(`${new URL(page.url()).origin}/#/${section}`);
    const region = page.getByRole('region', { name: title });
    await expect(region).toBeVisible();
    await expect(region).toContainText(how);
    // Honest: no table, no rows, nothing that looks like data.
    await expect(page.getByRole('table')).toHaveCount(0);
  }

  await page.goto(`${new URL(page.url()).origin}/#/audit`);
  await expect(page.getByTestId('chain-status')).toContainText(/Chain verified/);
});

test('an unknown address says so instead of a blank screen', async ({ page }) => {
  await page.goto(`${new URL(page.url()).origin}/#/no-such-screen`);
  await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to Bundles' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bundles' })).toBeVisible();
});

test('a bundle address that names no bundle shows the error, not a white window', async ({ page }) => {
  await page.goto(`${new URL(page.url()).origin}/#/bundles/${'ab'.repeat(32)}`);
  await expect(page.getByRole('heading', { name: 'Bundle not available' })).toBeVisible();
  await expect(page.getByRole('alert')).toBeVisible();
});

test('theme follows the system and the override in Settings sticks', async ({ page }) => {
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const isDark = async () => {
    const [r, g, b] = ((await bg()).match(/\d+/g) ?? []).map(Number);
    return (r ?? 0) + (g ?? 0) + (b ?? 0) < 3 * 128;
  };
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await isDark()).toBe(false);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await isDark()).toBe(true);

  await page.keyboard.press('Alt+8');
  await page.getByRole('radio', { name: 'Light', exact: true }).check();
  expect(await isDark()).toBe(false); // pinned light although the system is dark
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Light', exact: true })).toBeChecked();
  expect(await isDark()).toBe(false);

  await page.getByRole('radio', { name: 'Dark', exact: true }).check();
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await isDark()).toBe(true);

  await page.getByRole('radio', { name: 'System', exact: true }).check();
  expect(await isDark()).toBe(false);
});
