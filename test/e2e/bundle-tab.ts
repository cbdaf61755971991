import type { Page } from '@playwright/test';

export type BundleTabName = 'Overview' | 'Files' | 'Replays' | 'Licenses' | 'Approvals' | 'Audit';

/** Opens a tab of the bundle page shown (issue 17: the sections are tabs). */
export async function openBundleTab(page: Page, name: BundleTabName): Promise<void> {
  await page
    .getByRole('tablist', { name: 'Bundle sections' })
    .getByRole('tab', { name: new RegExp(`^${name}`) })
    .click();
}
