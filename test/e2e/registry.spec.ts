import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { test, expect, repoRoot, sampleZip, startHost, stopHost, appReady } from './fixtures';
import { registryMissing, startProxy, startRegistry, type Tamper, type TestRegistry } from '../helpers/oci-registry';
import { openStore } from '../../src-main/core/store/store';

/**
 * The Team registry end to end (issue 15): two stores against a real Distribution registry. A publishes the sample;
 * B pulls it in one action, replays and approves, and syncs; A syncs and sees B's approval. A's history is then cut
 * by hand, its kept checkpoints and verified mark with it: A's next sync names the break against its checkpoints in
 * the registry, and B flags A's new checkpoint as a fork.
 */

const passphrase = 'correct horse battery';
const cliPath = path.join(repoRoot, 'dist', 'node', 'provdesk.mjs');
const shots = path.join(repoRoot, 'test-results', 'screenshots');
let registry: TestRegistry;
let work: string;
let repo: string;

function cli(store: string, args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, '--store', store, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PROVDESK_PASSPHRASE: passphrase, DOCKER_CONFIG: path.join(work, 'no-docker') },
  });
  if (r.status !== 0) throw new Error(`provdesk ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function api<T>(on: { page: Page; host: { url: string } }, channel: string, body: unknown): Promise<T> {
  const { page } = on;
  const url = new URL(on.host.url);
  const token = url.searchParams.get('token');
  const res = await page.request.post(`${url.origin}/api/${channel}`, {
    headers: { Authorization: `Bearer ${token}` },
    data: body,
  });
  const json = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!json.ok) throw new Error(`${channel}: ${json.error?.message}`);
  return json.value;
}

async function open(browser: Browser, store: string) {
  const started = await startHost(store);
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  await page.goto(started.host.url);
  await appReady(page);
  return { ...started, page, close: async () => (await context.close(), await stopHost(started.child)) };
}

async function shoot(page: Page, name: string) {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.screenshot({ path: path.join(shots, `${name}-1024-${theme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** No serious or critical axe violation on the page as shown, light and dark. */
async function axeClean(page: Page) {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    const r = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const bad = r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${theme} ${v.id}: ${v.help} — ${n.target.join(' ')}`));
    expect(bad).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function sync(page: Page) {
  await page.goto(`${page.url().split('#')[0]}#/registry`);
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeEnabled();
  const pass = page.getByLabel(/passphrase for the store key|Passphrase of the store key/i);
  if (await pass.isVisible()) await pass.fill(passphrase);
  await page.getByRole('button', { name: 'Sync now' }).click();
  const outcome = page.getByTestId('sync-outcome');
  await expect(outcome).toBeVisible({ timeout: 30_000 });
  return outcome;
}

test.describe('Team registry', () => {
  test.skip(registryMissing !== null, `skipped: ${registryMissing}`);
  test.beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'provdesk-e2e-registry-'));
    registry = await startRegistry();
    repo = `${registry.host}/team/runs`;
    const a = path.join(work, 'a');
    const b = path.join(work, 'b');
    cli(a, ['identity', 'create', '--name', 'Ravi', '--email', 'ravi@example.org']);
    const dana = JSON.parse(
      cli(b, ['--json', 'identity', 'create', '--name', 'Dana', '--email', 'dana@example.org']),
    ) as { publicKey: string };
    const team = path.join(work, 'team.json');
    cli(a, ['team', 'create', '--name', 'Iris reviewers', '--role', 'reviewer', '-o', team]);
    cli(a, [
      'team',
      'add-member',
      team,
      '--name',
      'Dana',
      '--email',
      'dana@example.org',
      '--public-key',
      dana.publicKey,
      '--role',
      'reviewer',
    ]);
    cli(a, ['team', 'set', team, '--require-signed-authorship', 'false']);
    cli(a, ['team', 'import', team]);
    cli(b, ['team', 'import', team]);
    cli(a, ['import', sampleZip]);
  });
  test.afterAll(async () => {
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('A publishes, B pulls, approves and syncs, A sees the approval; A’s cut history is named and B flags the fork', async ({
    browser,
  }) => {
    test.setTimeout(240_000);
    const a = await open(browser, path.join(work, 'a'));
    // Settings: the team repository, kept in the store folder.
    await a.page.goto(`${a.host.url}#/settings`);
    await a.page.getByLabel('Registry name').fill('Team');
    await a.page.getByLabel('Repository').fill('Not A Repository');
    await a.page.getByRole('button', { name: 'Add registry' }).click();
    await expect(a.page.getByRole('alert')).toContainText('is not a registry reference');
    await a.page.getByLabel('Repository').fill(repo);
    await a.page.getByRole('button', { name: 'Add registry' }).click();
    await expect(a.page.getByTestId('registries')).toContainText(repo);
    // Team registry: publish the stored sample.
    await a.page.goto(`${a.host.url}#/registry`);
    await expect(a.page.getByText('No bundles yet')).toBeVisible();
    await a.page.getByLabel('Bundle to publish').selectOption({ index: 1 });
    await a.page.getByRole('button', { name: 'Publish' }).click();
    await expect(a.page.getByText(/Published as 127\.0\.0\.1:\d+\/team\/runs:[0-9a-f]{16}/)).toBeVisible({
      timeout: 30_000,
    });
    await expect(a.page.getByTestId('registry-row')).toContainText('Iris species logistic regression');
    await expect(a.page.getByTestId('registry-row')).toContainText('In this store');
    await sync(a.page);
    const digest = (await api<{ bundles: { bundleDigest: string }[] }>(a, 'registry:list', { repository: repo }))
      .bundles[0]!.bundleDigest;

    const b = await open(browser, path.join(work, 'b'));
    await api(b, 'registry:saveSettings', { registries: [{ name: 'Team', repository: repo, plainHttp: false }] });
    await b.page.goto(`${b.host.url}#/registry`);
    await expect(b.page.getByTestId('registry-row')).toContainText('Pending');
    // The shared vocabulary's badge, as in Bundles and on the dashboard.
    await expect(b.page.getByTestId('registry-row').locator('[data-state="pending"]')).toHaveClass(
      /badge-tone-neutral/,
    );
    await b.page.getByRole('button', { name: /Pull and import/ }).click();
    await expect(b.page.getByRole('link', { name: 'Imported: open' })).toBeVisible({ timeout: 30_000 });
    // B replays and approves (the approval screens have their own tests), then syncs its decision up.
    const { jobId } = await api<{ jobId: string }>(b, 'replay:start', { digest });
    await expect
      .poll(async () => (await api<{ state: string }>(b, 'replay:status', { jobId })).state, { timeout: 60_000 })
      .toBe('done');
    await api(b, 'approvals:decide', { digest, decision: 'approve', reason: 'reproduced here', passphrase });
    const bOut = await sync(b.page);
    await expect(bOut).toContainText('Decisions: 1 pushed');
    await expect(b.page.getByTestId('registry-row')).toContainText('Approved by dana@example.org');

    const aOut = await sync(a.page);
    await expect(aOut).toContainText('1 imported');
    await expect(a.page.getByTestId('registry-row')).toContainText('Approved by dana@example.org');
    await expect(a.page.getByTestId('registry-row').locator('[data-state="approved"]')).toHaveClass(/badge-tone-ok/);
    await shoot(a.page, 'team-registry');

    // A's history cut by hand, with its kept checkpoints and its verified-through mark.
    await a.close();
    const store = await openStore(path.join(work, 'a'));
    store.transaction((tx) => {
      const top = tx.get<{ n: number }>('SELECT MAX(seq) AS n FROM audit_log')!.n;
      tx.run('DELETE FROM audit_log WHERE seq > ?', [top - 5]);
      tx.run('DELETE FROM audit_checkpoints');
      tx.run('UPDATE audit_verified SET through_seq = 0, through_hash = ?, verified_at = NULL, touched_seq = NULL', [
        '0'.repeat(64),
      ]);
    });
    store.close();
    const a2 = await open(browser, path.join(work, 'a'));
    const cut = await sync(a2.page);
    await expect(cut).toContainText('Synced, with findings');
    await expect(cut).toContainText(
      /This store’s history: registry the checkpoint of .* \(entry #\d+\): entry #\d+ is missing, the log was cut/,
    );
    const fork = await sync(b.page);
    await expect(fork.getByTestId('fork').first()).toContainText(
      /Fork: store [0-9a-f-]+ \(key [0-9a-f]{16}\) published entry #\d+ .* after entry #\d+/,
    );
    await shoot(b.page, 'team-registry-fork');
    await a2.close();
    await b.close();
  });

  test('a sync shows its steps and stops on Cancel between requests, saying how far it got; the next one finishes', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    // A proxy in front of the registry holds the sync's read of the published bundle until the test cancels: the
    // screen shows the step it is on, and the request in flight is dropped by the cancel.
    const held: (() => void)[] = [];
    const tamper: { current: Tamper | null } = { current: null };
    const proxy = await startProxy(registry.host, tamper);
    const c = await open(browser, path.join(work, 'c'));
    try {
      await api(c, 'registry:saveSettings', {
        registries: [{ name: 'Team', repository: `${proxy.host}/team/runs`, plainHttp: false }],
      });
      cli(path.join(work, 'a'), ['push', sampleZip, repo]); // published (again) should the first test have failed
      await c.page.goto(`${c.host.url}#/registry`);
      await expect(c.page.getByTestId('registry-row')).toContainText('Iris species logistic regression');
      await c.page.getByLabel('Push a checkpoint of this store').uncheck();
      tamper.current = (req, _res, forward) => {
        if (req.method !== 'GET' || !/\/manifests\/[0-9a-f]{16}$/.test(req.url ?? '')) return false;
        held.push(() => forward());
        return true;
      };
      await c.page.getByRole('button', { name: 'Sync now' }).click();
      const progress = c.page.getByTestId('sync-progress');
      await expect(progress).toContainText('Reading the published bundles: 0 of 1', { timeout: 30_000 });
      await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');
      await expect(c.page.getByRole('button', { name: 'Syncing…' })).toBeDisabled();
      await shoot(c.page, 'team-registry-sync-progress');
      await axeClean(c.page);
      await progress.getByRole('button', { name: 'Cancel' }).click();
      const cancelled = c.page.getByTestId('sync-cancelled');
      await expect(cancelled).toContainText(
        'Sync cancelled after reading the repository: 0 decisions pushed, 0 teammate decisions imported, 0 witnesses kept',
      );
      await expect(progress).toBeHidden();
      // What was held goes on (the listing's reload after the cancel); the cancelled sync's request was dropped.
      tamper.current = null;
      for (const release of held.splice(0)) release();
      await expect(c.page.getByRole('button', { name: 'Refresh' })).toBeEnabled();
      await expect(c.page.getByTestId('registry-row')).toContainText('Iris species logistic regression');
      await shoot(c.page, 'team-registry-sync-cancelled');
      await axeClean(c.page);
      // The next sync, with nothing held, runs to the end.
      await c.page.getByRole('button', { name: 'Sync now' }).click();
      const outcome = c.page.getByTestId('sync-outcome');
      await expect(outcome).toContainText('Synced', { timeout: 30_000 });
      await expect(cancelled).toBeHidden();

      // Pull and import shows its progress too, and stops on Cancel: the bundle layer's download is held.
      tamper.current = (req, _res, forward) => {
        if (req.method !== 'GET' || !/\/blobs\/sha256:/.test(req.url ?? '')) return false;
        held.push(() => forward());
        return true;
      };
      await c.page.getByRole('button', { name: /Pull and import/ }).click();
      const pulling = c.page.getByTestId('pull-progress');
      await expect(pulling).toContainText('Asking the registry');
      await expect(pulling.getByRole('progressbar', { name: /Pull progress/ })).toBeVisible();
      await shoot(c.page, 'team-registry-pull-progress');
      await axeClean(c.page);
      await pulling.getByRole('button', { name: 'Cancel' }).click();
      await expect(c.page.getByText('Pull cancelled: nothing was imported')).toBeVisible();
      expect((await api<{ total: number }>(c, 'bundles:list', { offset: 0, limit: 10 })).total).toBe(0);
      tamper.current = null;
      for (const release of held.splice(0)) release();
      await c.page.getByRole('button', { name: /Pull and import/ }).click();
      await expect(c.page.getByRole('link', { name: 'Imported: open' })).toBeVisible({ timeout: 30_000 });
    } finally {
      tamper.current = null;
      for (const release of held.splice(0)) release();
      await c.close();
      await proxy.stop();
    }
  });

  test('Settings: a company CA is trusted for one registry, checked when chosen, kept across saves, and can be cleared', async ({
    browser,
  }) => {
    const companyCa = path.join(repoRoot, 'test', 'fixtures', 'registry', 'company-ca.pem');
    const d = await open(browser, path.join(work, 'ca'));
    try {
      await d.page.goto(`${d.host.url}#/settings`);
      await d.page.getByLabel('Registry name').fill('Harbor');
      await d.page.getByLabel('Repository').fill('harbor.corp.example/ml/runs');
      await d.page.getByRole('button', { name: 'Add registry' }).click();
      await expect(d.page.getByTestId('registries')).toContainText('harbor.corp.example/ml/runs');
      // A file that holds no certificate is refused by name, and nothing is kept.
      const caField = d.page.getByLabel('CA certificate file (absolute path, PEM)');
      await caField.fill(sampleZip);
      await d.page.getByRole('button', { name: 'Trust this CA' }).click();
      await expect(d.page.getByRole('alert')).toContainText(`the CA file ${sampleZip} holds no PEM certificate`);
      await expect(d.page.getByTestId('registries')).not.toContainText('trusts the CA');
      await caField.fill(companyCa);
      await d.page.getByRole('button', { name: 'Trust this CA' }).click();
      await expect(d.page.getByTestId('registries')).toContainText(`(trusts the CA in ${companyCa})`);
      await axeClean(d.page);
      await shoot(d.page, 'settings-registry-ca');
      // Adding another registry saves the list: the CA stays with its registry.
      await d.page.getByLabel('Registry name').fill('Lab');
      await d.page.getByLabel('Repository').fill('lab.internal:5000/ml');
      await d.page.getByRole('button', { name: 'Add registry' }).click();
      await expect(d.page.getByTestId('registries')).toContainText('lab.internal:5000/ml');
      await expect(d.page.getByTestId('registries')).toContainText(`(trusts the CA in ${companyCa})`);
      await d.page.getByRole('button', { name: "Stop trusting Harbor's CA" }).click();
      await expect(d.page.getByTestId('registries')).not.toContainText('trusts the CA');
    } finally {
      await d.close();
    }
  });
});
