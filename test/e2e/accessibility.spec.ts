import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, appReady } from './fixtures';

// Issue 17: every screen, light and dark, at 1024 and 1440 px, with 0 serious and 0 critical axe violations.
// The store holds the sample, replayed, so the screens show content rather than their empty states.

let hostUrl = '';

async function api<T>(page: Page, channel: string, body: unknown): Promise<T> {
  const url = new URL(hostUrl);
  const res = await page.request.post(`${url.origin}/api/${channel}`, { headers: { Authorization: `Bearer ${url.searchParams.get('token')}` }, data: body });
  const json = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!json.ok) throw new Error(`${channel}: ${json.error?.message}`);
  return json.value;
}

async function waitFor<T extends { state: string }>(page: Page, channel: string, jobId: string): Promise<T> {
  let job: T;
  await expect
    .poll(async () => {
      job = await api<T>(page, channel, { jobId });
      return job.state;
    }, { timeout: 30_000 })
    .toMatch(/^(done|failed|cancelled)$/);
  return job!;
}

async function seed(page: Page): Promise<{ digest: string; replayId: string }> {
  const imp = await api<{ jobId: string }>(page, 'import:start', { source: { kind: 'sample' } });
  const done = await waitFor<{ state: string; result?: { bundleDigest: string } }>(page, 'import:status', imp.jobId);
  const digest = done.result!.bundleDigest;
  const rep = await api<{ jobId: string }>(page, 'replay:start', { digest });
  const replayed = await waitFor<{ state: string; result?: { id: string } }>(page, 'replay:status', rep.jobId);
  return { digest, replayId: replayed.result!.id };
}

/** The serious and critical violations on the page as shown, each with where it is. */
async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${v.help} — ${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`));
}

for (const width of [1024, 1440]) {
  for (const theme of ['light', 'dark'] as const) {
    test(`axe: every screen, ${theme}, ${width} px — no serious or critical violation`, async ({ page, host }) => {
      hostUrl = host.url;
      test.setTimeout(180_000);
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await appReady(page);
      const { digest, replayId } = await seed(page);
      const base = host.url.split('#')[0]!;
      const screens: [string, string][] = [
        ['#/dashboard', 'dashboard'],
        ['#/bundles', 'bundles'],
        [`#/bundles/${digest}`, 'bundle page'],
        [`#/replays`, 'replays'],
        [`#/replays/${replayId}`, 'replay result'],
        ['#/approvals', 'approvals'],
        ['#/modules', 'modules'],
        ['#/licenses', 'licenses'],
        ['#/audit', 'audit'],
        ['#/settings', 'settings'],
      ];
      const found: string[] = [];
      for (const [hash, name] of screens) {
        await page.goto(base + hash);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        // Lists and charts have arrived: nothing on the page is still loading.
        await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
        for (const v of await seriousViolations(page)) found.push(`${name}: ${v}`);
      }
      expect(found).toEqual([]);
    });
  }
}
