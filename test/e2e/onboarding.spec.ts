import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, appReady } from './fixtures';
import { makeRunFolder } from './run-folder';
import { createIdentity } from './signing-helpers';
import { buildMlruns } from './mlflow-store';

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

test('the team card: "Copy my member entry" and a team file template; a team file with a missing field is refused in words', async ({
  page,
}) => {
  await appReady(page);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Approvals' }).click();
  const onboarding = page.getByTestId('team-onboarding');
  await expect(onboarding).toContainText('Make your signing identity');
  await createIdentity(page, 'Rhea Kim', 'rhea.kim@example.org', 'rhea-passphrase');
  await onboarding.getByRole('button', { name: 'Copy my member entry' }).click();
  const entry = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as Record<string, unknown>;
  expect(entry).toMatchObject({ name: 'Rhea Kim', email: 'rhea.kim@example.org', roles: ['reviewer'] });
  expect(String(entry.publicKey)).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
  await onboarding.getByText('Team file template').click();
  await expect(onboarding.getByTestId('team-template')).toContainText('"email": "rhea.kim@example.org"');

  // A team file whose member lacks a key: the problem names the member and the field.
  await page.getByText('Import a team file').click();
  const signed = {
    _type: 'urn:provenance-desk:team:1',
    version: 1,
    previous: null,
    issuedAt: '2026-01-01T00:00:00Z',
    members: [{ name: 'Sam', email: 'sam@example.org' }],
  };
  await page.getByLabel('Team file (JSON)').fill(JSON.stringify({ signed, signatures: [] }));
  await page.getByRole('button', { name: 'Import team file' }).click();
  const refused = page
    .getByRole('alert')
    .filter({ hasText: 'The team file was not imported' })
    .or(page.locator('.notice', { hasText: 'The team file was not imported' }));
  await expect(refused.first()).toContainText('member 1: publicKey is missing (text expected)');
  await expect(refused.first()).not.toContainText('received undefined');
});

test('Import MLflow run: author and license in the dialog instead of CLI flags; a bad e-mail is named', async ({
  page,
  host,
}) => {
  await appReady(page);
  const mlruns = await buildMlruns(host.workDir);
  await page.getByRole('button', { name: 'Import MLflow run…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import MLflow run' });
  await dialog.getByLabel(/MLflow run:/).fill(mlruns);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const plan = dialog.getByTestId('plan');
  await expect(plan).toContainText('MLflow records no license');
  await dialog.getByLabel(/Author name/).fill('Dana Reyes');
  await dialog.getByLabel('Author e-mail').fill('not-an-email');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog).toContainText('not an e-mail address');
  await dialog.getByLabel('Author e-mail').fill('dana.reyes@example.org');
  await dialog.getByLabel(/^License/).fill('MIT');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(plan).toContainText('Dana Reyes');
  await expect(plan).toContainText('MIT');
  await expect(plan).not.toContainText('MLflow records no license');
  await expect(plan).not.toContainText('give --author');
});

test('New bundle: a folder without provenance.yaml gets one from the template, in the app', async ({ page, host }) => {
  await appReady(page);
  const run = path.join(host.workDir, 'bare-run');
  mkdirSync(path.join(run, 'model'), { recursive: true });
  writeFileSync(path.join(run, 'model', 'model.onnx'), 'not really a model');
  await page.getByRole('button', { name: 'New bundle from folder…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New bundle from folder' });
  await dialog.getByLabel(/Run folder/).fill(run);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByText('This folder has no provenance.yaml')).toBeVisible();
  await expect(dialog).not.toContainText('pack --init');
  await dialog.getByRole('button', { name: 'Create provenance.yaml' }).click();
  await expect(dialog.getByTestId('init-written')).toContainText(path.join(run, 'provenance.yaml'));
  expect(existsSync(path.join(run, 'provenance.yaml'))).toBe(true);
  // The preview now reads the template: what it asks to fill in (or the plan), no longer the missing file.
  await expect(dialog.getByTestId('plan').or(dialog.getByTestId('plan-problems'))).toBeVisible();
  await expect(dialog.getByText('This folder has no provenance.yaml')).toHaveCount(0);
});
