import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, appReady, sampleZip } from './fixtures';
import { writeVariant } from './bundle-variants';

// Issue 17: every screen, light and dark, at 1024 and 1440 px, with 0 serious and 0 critical axe violations.
// The store holds the sample, replayed, and a second run of it (another C and accuracy), so the screens show content
// rather than their empty states and two runs can be compared.

let hostUrl = '';

async function api<T>(page: Page, channel: string, body: unknown): Promise<T> {
  const url = new URL(hostUrl);
  const res = await page.request.post(`${url.origin}/api/${channel}`, {
    headers: { Authorization: `Bearer ${url.searchParams.get('token')}` },
    data: body,
  });
  const json = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!json.ok) throw new Error(`${channel}: ${json.error?.message}`);
  return json.value;
}

async function waitFor<T extends { state: string }>(page: Page, channel: string, jobId: string): Promise<T> {
  let job: T;
  await expect
    .poll(
      async () => {
        job = await api<T>(page, channel, { jobId });
        return job.state;
      },
      { timeout: 30_000 },
    )
    .toMatch(/^(done|failed|cancelled)$/);
  return job!;
}

async function importFrom(page: Page, source: { kind: 'sample' } | { kind: 'path'; path: string }): Promise<string> {
  const imp = await api<{ jobId: string }>(page, 'import:start', { source });
  const done = await waitFor<{ state: string; result?: { bundleDigest: string } }>(page, 'import:status', imp.jobId);
  return done.result!.bundleDigest;
}

async function seed(page: Page, workDir?: string): Promise<{ digest: string; replayId: string }> {
  const digest = await importFrom(page, { kind: 'sample' });
  if (workDir) {
    const second = path.join(workDir, 'iris-c10.bundle.zip');
    await writeVariant(sampleZip, second, (crate) => {
      for (const e of crate['@graph']) {
        if (e['@id'] === '#param-C') e.value = 10;
        if (e['@id'] === '#metric-accuracy') e.value = 0.95;
      }
    });
    await importFrom(page, { kind: 'path', path: second });
  }
  const rep = await api<{ jobId: string }>(page, 'replay:start', { digest });
  const replayed = await waitFor<{ state: string; replayId: string | null }>(page, 'replay:status', rep.jobId);
  expect(replayed.state).toBe('done');
  return { digest, replayId: replayed.replayId! };
}

/** The serious and critical violations on the page as shown, each with where it is. */
async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.impact} ${v.id}: ${v.help} — ${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`,
      ),
    );
}

for (const width of [1024, 1440]) {
  for (const theme of ['light', 'dark'] as const) {
    test(`axe: every screen, ${theme}, ${width} px — no serious or critical violation`, async ({ page, host }) => {
      hostUrl = host.url;
      test.setTimeout(180_000);
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await appReady(page);
      const { digest, replayId } = await seed(page, host.workDir);
      const base = host.url.split('#')[0]!;
      const screens: [string, string, RegExp][] = [
        ['#/dashboard', 'dashboard', /^Dashboard$/],
        ['#/bundles', 'bundles', /^Bundles$/],
        [`#/bundles/${digest}`, 'bundle page', /^Iris species/],
        [`#/replays`, 'replays', /^Replays$/],
        [`#/replays/${replayId}`, 'replay result', /^Replay of Iris/],
        ['#/approvals', 'approvals', /^Approvals$/],
        ['#/modules', 'modules', /^Modules$/],
        ['#/licenses', 'licenses', /^Licenses/],
        ['#/audit', 'audit', /^Audit/],
        ['#/settings', 'settings', /^Settings$/],
      ];
      const found: string[] = [];
      for (const [hash, name, heading] of screens) {
        await page.goto(base + hash);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
        // Lists and charts have arrived: nothing on the page is still loading.
        await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
        for (const v of await seriousViolations(page)) found.push(`${name}: ${v}`);
      }
      // Every tab of the bundle page.
      for (const tab of ['files', 'replays', 'licenses', 'approvals', 'audit']) {
        await page.goto(`${base}#/bundles/${digest}?tab=${tab}`);
        await expect(page.getByRole('tabpanel')).toBeVisible();
        await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
        for (const v of await seriousViolations(page)) found.push(`bundle page, ${tab} tab: ${v}`);
      }
      // The run table with metric columns, its column chooser open, then two runs compared.
      await page.goto(`${base}#/bundles`);
      await page.getByText('Columns', { exact: true }).click();
      await page
        .getByTestId('column-chooser')
        .getByRole('checkbox', { name: /^accuracy/ })
        .check();
      for (const v of await seriousViolations(page)) found.push(`bundles, column chooser: ${v}`);
      await page.keyboard.press('Escape');
      const ticks = page.getByRole('table', { name: 'Bundles' }).getByRole('checkbox');
      await ticks.first().check();
      for (const v of await seriousViolations(page)) found.push(`bundles, one run ticked: ${v}`);
      // Two runs compared: the panel open with its table and metric chart, shown whole.
      await ticks.nth(1).check();
      const compare = page.getByTestId('runs-compare');
      await expect(compare.getByRole('heading', { name: 'Comparing 2 runs' })).toBeVisible();
      await expect(compare.getByTestId('runs-compare-chart')).toBeVisible();
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
      for (const v of await seriousViolations(page)) found.push(`bundles, two runs compared: ${v}`);
      expect(found).toEqual([]);
    });
  }
}

test('keyboard: a file chooser takes focus in place, with a visible ring; the confusion matrix scrolls from the keyboard', async ({
  page,
  host,
}) => {
  hostUrl = host.url;
  await page.setViewportSize({ width: 1024, height: 700 });
  await appReady(page);
  const { replayId } = await seed(page);
  const base = host.url.split('#')[0]!;
  await page.goto(base + '#/approvals');
  const envelope = page.getByLabel('Decision envelope');
  await envelope.scrollIntoViewIfNeeded();
  await envelope.focus();
  const before = await page.evaluate(() => document.scrollingElement?.scrollTop ?? 0);
  const mainBefore = await page.locator('.app-main').evaluate((e) => e.scrollTop);
  await page.keyboard.press('Tab');
  const chooser = page.getByLabel('Choose a decision file');
  await expect(chooser).toBeFocused();
  // No jump: neither the window nor the main area scrolled to where a hidden input would sit.
  expect(await page.evaluate(() => document.scrollingElement?.scrollTop ?? 0)).toBe(before);
  expect(await page.locator('.app-main').evaluate((e) => e.scrollTop)).toBe(mainBefore);
  const button = page.locator('label.file-button', { has: chooser });
  await expect(button).toBeInViewport();
  expect(await button.evaluate((e) => getComputedStyle(e).outlineStyle)).toBe('solid');

  await page.goto(base + `#/replays/${replayId}`);
  const matrix = page.getByRole('region', { name: /^Confusion matrix, 3 classes$/ });
  await expect(matrix).toHaveAttribute('tabindex', '0');
});
