import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { createIdentity } from './signing-helpers';
import { test, expect, appReady, repoRoot } from './fixtures';
import { RUN_PROVENANCE, makeRunFolder } from './run-folder';

function verified(file: string): { valid: boolean; bundleDigest: string } {
  const out = execFileSync(
    process.execPath,
    [path.join(repoRoot, 'dist', 'node', 'provdesk.mjs'), 'verify', file, '--json'],
    { encoding: 'utf8' },
  );
  return JSON.parse(out) as { valid: boolean; bundleDigest: string };
}

test('New bundle signs as the local identity; Export keeps the signature or replaces it only when asked', async ({
  page,
  host,
}) => {
  test.setTimeout(90_000);
  await appReady(page);
  const run = await makeRunFolder(host.workDir, 'signed-run', RUN_PROVENANCE);

  // Without an identity the dialog says where to make one, and writes unsigned.
  await page.getByRole('button', { name: 'New bundle from folder…' }).click();
  let dialog = page.getByRole('dialog', { name: 'New bundle from folder' });
  await dialog.getByLabel(/Run folder/).fill(run);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('sign-hint')).toContainText('create a signing identity on the Approvals page');
  await expect(dialog.getByTestId('sign-hint').getByRole('link')).toHaveAttribute('href', '#/approvals');
  await page.keyboard.press('Escape');

  await createIdentity(page, 'Rhea Kim', 'rhea.kim@example.org', 'rhea-passphrase');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Bundles' }).click();
  await page.getByRole('button', { name: 'New bundle from folder…' }).click();
  dialog = page.getByRole('dialog', { name: 'New bundle from folder' });
  await dialog.getByLabel(/Run folder/).fill(run);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const sign = dialog.getByRole('checkbox', { name: 'Sign as Rhea Kim <rhea.kim@example.org>' });
  await expect(sign).toBeChecked();
  await expect(dialog.getByLabel('Passphrase of your signing key')).toHaveAttribute('type', 'password');
  await dialog.getByLabel('Passphrase of your signing key').fill('wrong passphrase');
  await dialog.getByRole('button', { name: 'Write bundle' }).click();
  await expect(dialog.getByText(/wrong passphrase/)).toBeVisible();
  await dialog.getByLabel('Passphrase of your signing key').fill('rhea-passphrase');
  await dialog.getByRole('button', { name: 'Write bundle' }).click();
  const written = dialog.getByTestId('make-written');
  await expect(written.getByTestId('written-signer')).toContainText('Signed by Rhea Kim <rhea.kim@example.org>');
  const file = `${run}.bundle.zip`;
  const { valid, bundleDigest } = verified(file);
  expect(valid).toBe(true);
  expect(readFileSync(file).includes('authorship.dsse.json')).toBe(true);

  await dialog.getByRole('button', { name: 'Import it now' }).click();
  await expect(page.getByTestId('import-result')).toContainText('Imported signed-run.bundle.zip', { timeout: 30_000 });
  await page.getByTestId('import-result').getByRole('link', { name: 'Open the bundle' }).click();

  // Export signed: refused while the bundle carries a signature, until replacing it is ticked.
  await page.getByRole('button', { name: 'Export bundle…' }).click();
  const exporting = page.getByRole('dialog', { name: /^Export / });
  const exported = path.join(host.workDir, 'resigned.bundle.zip');
  await exporting.getByLabel(/Write the bundle to/).fill(exported);
  // Exporting does not sign unless asked: a signature says who made the run.
  await expect(exporting.getByRole('checkbox', { name: /^Sign as Rhea Kim/ })).not.toBeChecked();
  await exporting.getByRole('checkbox', { name: /^Sign as Rhea Kim/ }).check();
  await exporting.getByLabel('Passphrase of your signing key').fill('rhea-passphrase');
  await exporting.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(exporting.getByText(/already signed by Rhea Kim <rhea\.kim@example\.org>/)).toBeVisible();
  await expect(exporting.getByRole('button', { name: 'Export', exact: true })).toBeDisabled();
  await exporting.getByRole('checkbox', { name: 'Replace the existing signature with mine' }).check();
  await exporting.getByLabel('Passphrase of your signing key').fill('rhea-passphrase');
  await exporting.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(exporting.getByTestId('export-result')).toContainText('the same as imported');
  await expect(exporting.getByTestId('written-signer')).toContainText('Signed by Rhea Kim');
  expect(verified(exported)).toEqual(expect.objectContaining({ valid: true, bundleDigest }));
});
