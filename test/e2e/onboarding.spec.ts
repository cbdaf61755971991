import path from 'node:path';
import { test, expect, appReady } from './fixtures';
import { makeRunFolder } from './run-folder';

// Onboarding (issue 17): New bundle's suggested output name follows the folder; a name the user typed stays.
test('New bundle: the suggested output name follows the folder; a typed one is kept', async ({ page, host }) => {
  await appReady(page);
  const first = await makeRunFolder(host.workDir, 'iris-first');
  const second = await makeRunFolder(host.workDir, 'iris-second');
  await page.getByRole('button', { name: 'New bundle from folder…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New bundle from folder' });
  const folder = dialog.getByLabel(/Run folder/);
  const output = dialog.getByLabel(/Write the bundle to/);
  await folder.fill(first);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(output).toHaveValue(`${first}.bundle.zip`);

  // Another folder: the old suggestion goes, and the next Preview suggests the new folder's name.
  await folder.fill(second);
  await expect(output).toHaveCount(0); // the preview is stale, so the write step is gone until Preview
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(output).toHaveValue(`${second}.bundle.zip`);

  // A name the user typed is theirs: changing the folder keeps it.
  const mine = path.join(host.workDir, 'my-name.bundle.zip');
  await output.fill(mine);
  await folder.fill(first);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(output).toHaveValue(mine);
});
