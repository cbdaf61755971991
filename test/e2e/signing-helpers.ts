import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Makes the store's signing identity on the Approvals page (the preview host encrypts its key with `passphrase`). */
export async function createIdentity(page: Page, name: string, email: string, passphrase: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Approvals' }).click();
  const form = page.getByRole('form', { name: 'Create a signing identity' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Email').fill(email);
  await expect(form.getByLabel('Passphrase (8+ characters)')).toHaveAttribute('type', 'password');
  await form.getByLabel('Passphrase (8+ characters)').fill(passphrase);
  await form.getByLabel('Passphrase again').fill(passphrase);
  await form.getByRole('button', { name: 'Create identity' }).click();
  await expect(page.getByTestId('identity')).toContainText(email);
}

/**
 * From an open bundle page: Export bundle…, ticking "Sign as <signer>", to `file`. `before` runs with the dialog
 * filled in, before Export is pressed (a screenshot, say). Leaves the dialog closed.
 */
export async function exportSigned(
  page: Page,
  file: string,
  signer: string,
  passphrase: string,
  before: () => Promise<void> = async () => {},
): Promise<void> {
  await page.getByRole('button', { name: 'Export bundle…' }).click();
  const exporting = page.getByRole('dialog', { name: /^Export / });
  await exporting.getByLabel(/Write the bundle to/).fill(file);
  await exporting.getByRole('checkbox', { name: new RegExp(`^Sign as ${signer}`) }).check();
  await exporting.getByLabel('Passphrase of your signing key').fill(passphrase);
  await before();
  await exporting.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(exporting.getByTestId('written-signer')).toContainText(`Signed by ${signer}`);
  await exporting.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(exporting).toHaveCount(0);
}
