import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Download } from '@playwright/test';
import { test, expect, appReady, sampleZip } from './fixtures';
import { importByPath, dismissResult } from './import-helpers';

/** Audit export downloads the log and its signed checkpoint; importing the checkpoint back keeps it, and it holds. */
test('audit: export downloads the log and its checkpoint, which imports back and holds', async ({ page, host }) => {
  await appReady(page);
  await importByPath(page, sampleZip);
  await dismissResult(page);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /Audit/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  const chain = page.getByTestId('chain-status');
  await expect(chain).toContainText('Chain verified');
  await expect(page.getByTestId('chain-checkpoints')).toHaveCount(0);

  // Export…: two downloads, the log and <name>.checkpoint.json. The first export makes the store key, encrypted
  // with a new passphrase (asked twice: the preview host has no system keychain).
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByLabel('Export format').selectOption('jsonl');
  await expect(page.getByTestId('store-key-note')).toContainText('The first export makes the store key');
  await page.getByLabel('New passphrase for the store key').fill('store-key-passphrase');
  await page.getByLabel('Store key passphrase again').fill('store-key-passphrase');
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect.poll(() => downloads.length).toBe(2);
  const [log, cp] = downloads as [Download, Download];
  expect(log.suggestedFilename()).toMatch(/^audit-log-[0-9a-f]{8}-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.jsonl$/);
  expect(cp.suggestedFilename()).toBe(`${log.suggestedFilename()}.checkpoint.json`);
  const logFile = path.join(host.workDir, log.suggestedFilename());
  const cpFile = path.join(host.workDir, cp.suggestedFilename());
  await log.saveAs(logFile);
  await cp.saveAs(cpFile);
  const lines = readFileSync(logFile, 'utf8').trimEnd().split('\n');
  const checkpoint = JSON.parse(readFileSync(cpFile, 'utf8')) as { entries: number; head: string; type: string };
  expect(checkpoint.type).toBe('urn:provenance-desk:audit-checkpoint:1');
  expect(checkpoint.entries).toBe(lines.length);
  expect((JSON.parse(lines.at(-1)!) as { hash: string }).hash).toBe(checkpoint.head);
  await expect(page.getByRole('status').filter({ hasText: `Exported ${lines.length} entries` })).toBeVisible();
  // The export wrote its own audit entry.
  await expect(page.getByRole('table', { name: 'Audit log' })).toContainText('audit.export');

  // Import it back (from the file), see it kept and holding; the chain status counts it.
  await page.locator('.audit-checkpoints > summary').click();
  await page.getByLabel('Choose a checkpoint file').setInputFiles(cpFile);
  await page.getByRole('button', { name: 'Import checkpoint' }).click();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: `Checkpoint kept: the store holds every entry up to #${checkpoint.entries}` }),
  ).toBeVisible();
  const row = page.getByRole('table', { name: 'Kept checkpoints' }).getByTestId('kept-checkpoint');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`#${checkpoint.entries}`);
  // The chain check that judges it runs in a thread of its own: on a loaded machine it answers after a while.
  await expect(row).toContainText('holds', { timeout: 30_000 });
  await expect(row).toContainText("this store's key");
  await expect(page.getByTestId('chain-checkpoints')).toContainText(
    `consistent with 1 checkpoint (latest: entry #${checkpoint.entries},`,
  );
  await expect(page.getByTestId('checkpoints-count')).toHaveText('1 kept');

  // The same checkpoint again (pasted this time) is already kept: nothing more.
  await page.getByLabel('Checkpoint (JSON)').fill(readFileSync(cpFile, 'utf8'));
  await page.getByRole('button', { name: 'Import checkpoint' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Already kept' })).toContainText('nothing written');
  await expect(row).toHaveCount(1);

  // Not a checkpoint: the problem is named.
  await page.getByLabel('Checkpoint (JSON)').fill('{"entries": ');
  await page.getByRole('button', { name: 'Import checkpoint' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The checkpoint was not kept' })).toContainText(
    'checkpoint-invalid: not valid JSON',
  );

  // CSV too, unlocking the key made above: a wrong passphrase exports nothing.
  await page.getByLabel('Export format').selectOption('csv');
  await expect(page.getByLabel('Store key passphrase again')).toHaveCount(0);
  await page.getByLabel('Passphrase of the store key').fill('not the passphrase');
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The log was not exported' })).toContainText(
    'wrong passphrase',
  );
  expect(downloads).toHaveLength(2);
  await page.getByLabel('Passphrase of the store key').fill('store-key-passphrase');
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect.poll(() => downloads.length).toBe(4);
  expect(downloads[2]!.suggestedFilename()).toMatch(/\.csv$/);
  expect(downloads[3]!.suggestedFilename()).toBe(`${downloads[2]!.suggestedFilename()}.checkpoint.json`);
});
