import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, appReady, repoRoot } from './fixtures';
import { createIdentity } from './signing-helpers';
import { openBundleTab } from './bundle-tab';

// Issue 17: one "n of m" from core on every screen, and a reviewer's second decision replacing the first.

async function importAndReplay(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Try the sample bundle' }).click();
  const imported = page.getByTestId('import-result');
  await expect(imported).toContainText(/Imported the sample bundle/, { timeout: 30_000 });
  await imported.getByRole('link', { name: 'Open the bundle' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Iris species logistic regression');
  await openBundleTab(page, 'Replays');
  const card = page.getByRole('region', { name: 'Replay', exact: true });
  await card.getByRole('button', { name: 'Replay' }).click();
  await expect(card.getByTestId('replay-done')).toContainText('Reproduced', { timeout: 30_000 });
  return new URL(page.url()).hash;
}

async function decide(page: Page, reason: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: /^Decide on/ });
  await dialog.getByLabel('Reason (required, signed into the decision)').fill(reason);
  await dialog.getByLabel('Passphrase of your signing key').fill('rhea-passphrase');
  await dialog.getByRole('button', { name: 'Sign and approve' }).click();
  await expect(dialog.getByTestId('decision-signed')).toContainText('Signed: approved');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

test('the inbox, the Decide dialog and the report say the same n of m; a second approval by the same reviewer supersedes the first', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1024, height: 800 });
  await appReady(page);
  const hash = await importAndReplay(page);
  await createIdentity(page, 'Rhea Kim', 'rhea.kim@example.org', 'rhea-passphrase');

  // Inbox: nothing holds yet.
  const item = page.getByTestId('inbox-item');
  await expect(item).toContainText('0 of 1 required approval hold');
  await item.getByRole('button', { name: 'Decide…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Decide on/ });
  await expect(dialog.getByTestId('decision-count')).toContainText('0 of 1 required approval hold, under policy');
  await expect(dialog.getByTestId('decision-count')).toContainText(
    'with your approval: 1 of 1 required approval holds',
  );
  await expect(dialog.getByTestId('decision-replaces')).toHaveCount(0);
  await decide(page, 'Reproduced within tolerance.');

  // Approved: never "0 of 1". Deciding again says it replaces the first decision.
  await page.goto(`${host.origin}/${hash}`);
  await openBundleTab(page, 'Approvals');
  const approval = page.getByRole('region', { name: 'Approval' });
  await approval.getByRole('button', { name: 'Decide…' }).click();
  await expect(dialog.getByTestId('decision-count')).toContainText('1 of 1 required approval holds, under policy');
  await expect(dialog.getByTestId('decision-count')).not.toContainText('with your approval');
  await expect(dialog.getByTestId('decision-replaces')).toContainText('You approved this bundle on');
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.screenshot({
      path: path.join(repoRoot, 'test-results', 'screenshots', `decide-again-1024-${theme}.png`),
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await decide(page, 'Checked again after the licence review.');

  const rows = approval.getByTestId('approval-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Approved');
  await expect(rows.nth(1)).toContainText('Superseded');
  await expect(rows.nth(1)).toContainText('replaced by the same reviewer’s later decision');

  // The report, from the same core count.
  const html = await page.evaluate(
    async (digest) => {
      const res = await fetch('/api/report:bundle', {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${sessionStorage.getItem('provdesk.token')}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ digest }),
      });
      const answer = (await res.json()) as { ok: boolean; value: { html: string } };
      return answer.value.html;
    },
    /[0-9a-f]{64}/.exec(hash)![0],
  );
  expect(html).toContain('1 of 1 required approval holds');
  expect(html).not.toContain('0 of 1');

  // The audit names the signing identity as the actor of what it signed; the Actor filter offers it.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  await page.getByLabel('Actor').selectOption('Rhea Kim <rhea.kim@example.org>');
  const logRows = page.getByRole('table', { name: 'Audit log' }).locator('.vtable-scroll [role=row]');
  await expect(logRows).toHaveCount(3); // identity.create and the two decisions
  await expect(logRows.first()).toContainText('approval.decide');
  await expect(logRows.first()).toContainText('Iris species logistic regression');
  await expect(logRows.first()).toContainText('osUser=');
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.screenshot({
      path: path.join(repoRoot, 'test-results', 'screenshots', `audit-actor-1024-${theme}.png`),
    });
  }
});
