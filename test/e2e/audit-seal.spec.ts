import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { test as withHost, appReady, startHost, stopHost } from './fixtures';
import { createIdentity } from './signing-helpers';
import { appendAudit } from '../../src-main/core/audit/audit-log';
import { verifyChainOnOpen } from '../../src-main/core/audit/chain-mark';
import { openStore } from '../../src-main/core/store/store';

/**
 * Issue 13: a store whose audit log was edited while the app was closed shows the break as soon as it opens,
 * from the check made on open (the Audit screen's full verification is held back to prove it), on every screen
 * and on the Audit screen, with the first bad entry in words.
 */
test('a store with a tampered audit log shows the break at once: a notice on the first screen, the Audit screen names the entry', async ({
  page,
}) => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'provdesk-e2e-seal-'));
  const storeDir = path.join(root, 'store');
  const store = await openStore(storeDir);
  for (let i = 1; i <= 8; i++)
    store.transaction((tx) => appendAudit(tx, { actor: 'dana', action: 'bundle.import', subject: `bundle-${i}` }));
  verifyChainOnOpen(store); // the mark where the app left it
  // as the existing audit tests tamper
  store.transaction((tx) => tx.run(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`));
  store.close();

  const { host, child } = await startHost(storeDir);
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  try {
    await page.route('**/api/audit:verify', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(host.url);
    await expect(page.locator('.brand-version')).toBeVisible();

    // Whatever screen opens first says so.
    const notice = page.getByRole('alert').filter({ hasText: "The audit log's chain is broken at entry 3" });
    await expect(notice).toContainText('audit entry #3 does not match its hash (edited)');
    await expect(notice).toContainText('Found when the store opened.');

    // The Audit screen, before its full verification has answered.
    await notice.getByRole('link', { name: 'Open the Audit screen' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
    const chain = page.getByTestId('chain-status');
    await expect(chain).toContainText('Chain broken at entry 3');
    await expect(chain).toContainText('audit entry #3 does not match its hash (edited) (found when the store opened)');
    await expect(chain.getByRole('button', { name: 'Verifying…' })).toBeDisabled();

    // The full check agrees once it answers.
    release();
    await expect(chain.getByRole('button', { name: 'Verify again' })).toBeEnabled();
    await expect(chain).toContainText('Chain broken at entry 3');
    await expect(chain).toContainText('audit entry #3 does not match its hash (edited)');
    await expect(chain).not.toContainText('found when the store opened');

    // A broken log is not exported (nothing would be signed over it); the store key's passphrase is asked first.
    await expect(page.getByTestId('store-key-note')).toContainText(
      'The first export makes the store key that signs checkpoints; the browser preview has no system keychain: protected by your passphrase.',
    );
    await page.getByLabel('New passphrase for the store key').fill('store-key-passphrase');
    await page.getByLabel('Store key passphrase again').fill('store-key-passphrase');
    await page.getByRole('button', { name: 'Export…' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The log was not exported' })).toContainText(
      'the audit log does not verify (first bad entry #3); not exported',
    );
  } finally {
    release();
    await stopHost(child);
    for (const d of [root, host.workDir]) rmSync(d, { recursive: true, force: true });
  }
});

withHost(
  'where the identity is created and shown, the app says why its key is protected by a passphrase',
  async ({ page }) => {
    await appReady(page);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Approvals' }).click();
    const why = 'The browser preview has no system keychain: protected by your passphrase.';
    await expect(
      page.getByRole('form', { name: 'Create a signing identity' }).getByTestId('key-protection-reason'),
    ).toHaveText(why);
    await createIdentity(page, 'Rhea Kim', 'rhea.kim@example.org', 'rhea-passphrase');
    await expect(page.getByTestId('identity')).toContainText('key kept encrypted with your passphrase');
    await expect(page.getByTestId('identity')).toContainText(`Key protection${why}`);
  },
);
