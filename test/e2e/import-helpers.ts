import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Imports through the "Import from a path on this machine" field and waits for the outcome. */
export async function importByPath(page: Page, file: string): Promise<void> {
  await page.getByLabel('Import from a path on this machine').fill(file);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-result')).toBeVisible({ timeout: 30_000 });
}

/** Leaves the result notice so the next import starts from a clean screen. */
export async function dismissResult(page: Page): Promise<void> {
  await page.getByTestId('import-result').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('import-result')).toHaveCount(0);
}
