import path from 'node:path';
import { test, expect, appReady, sampleZip } from './fixtures';
import { tamperPayload } from '../helpers/zip-edit';
import { importByPath, dismissResult } from './import-helpers';

test('audit log: chain status, filters and full-text search over what imports wrote', async ({ page, host }) => {
  await appReady(page);
  await importByPath(page, sampleZip);
  await dismissResult(page);
  const tampered = path.join(host.workDir, 'tampered.bundle.zip');
  await tamperPayload(sampleZip, tampered, 'data/model/model.onnx');
  await importByPath(page, tampered);
  await dismissResult(page);

  await page.keyboard.press('Alt+7');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  const chain = page.getByTestId('chain-status');
  await expect(page.getByTestId('checkpoints-count')).toHaveText('none kept'); // not "0 kepts" (issue 17)
  await expect(chain).toContainText(/Chain verified: \d+ entries, head [0-9a-f]{12}…/);

  const table = page.getByRole('table', { name: 'Audit log' });
  const rows = table.locator('.vtable-scroll [role=row]');
  const total = await rows.count();
  expect(total).toBeGreaterThanOrEqual(2);
  await expect(table).toContainText('bundle.import');

  // The Action and Actor filters offer what the log holds (issue 17); choosing one narrows the list.
  const action = page.getByLabel('Action');
  await expect(action.locator('option')).toHaveText([
    'Any action',
    'bundle.import',
    'bundle.import-refused',
    'policy.default',
  ]);
  // Any actor, and the one account that imported
  await expect(page.getByLabel('Actor').locator('option')).toHaveCount(2);
  await action.selectOption('bundle.import-refused');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('checksum-mismatch');
  // The full entry opens below the table: hash, previous hash, details as JSON text.
  await rows
    .first()
    .getByRole('button', { name: /Show entry \d+/ })
    .click();
  const panel = page.getByRole('region', { name: /Entry \d+/ });
  await expect(panel).toContainText('bundle.import-refused');
  await expect(panel.locator('pre')).toContainText('"checksum-mismatch"');
  await expect(panel.locator('pre')).toContainText('model/model.onnx');
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(rows).toHaveCount(total);
  // A stored bundle's digest as subject shows the bundle's name beside it.
  await action.selectOption('bundle.import');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Iris species logistic regression');
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(rows).toHaveCount(total);

  // `/` goes to the full-text search on this screen too.
  await page.getByRole('heading', { level: 1, name: 'Audit' }).click();
  await page.keyboard.press('/');
  const search = page.getByLabel('Search', { exact: true });
  await expect(search).toBeFocused();
  await page.keyboard.type('checksum-mismatch');
  await expect(rows).toHaveCount(1);
  await expect(page.locator('.page-count')).toHaveText('1 matching entry');

  await search.fill('nothing like this anywhere');
  await expect(page.getByText('No entry matches these filters.')).toBeVisible();

  // A time range in the future matches nothing; the chain status stays in view throughout.
  await search.fill('');
  await page.getByLabel('From').fill('2999-01-01T00:00');
  await expect(page.getByText('No entry matches these filters.')).toBeVisible();
  await expect(chain).toBeVisible();
});
