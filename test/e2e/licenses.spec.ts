import path from 'node:path';
import { readFileSync } from 'node:fs';
import { test, expect, appReady, sampleZip } from './fixtures';
import { importByPath, dismissResult } from './import-helpers';
import { restrictedVariant } from '../helpers/license-variants';
import { openBundleTab } from './bundle-tab';

const table = (page: import('@playwright/test').Page) =>
  page.getByRole('table', { name: 'Licenses of every artifact' });
const rowOf = (page: import('@playwright/test').Page, bundle: string, artifact: string) =>
  table(page)
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: bundle, exact: true }) })
    .filter({ has: page.getByRole('button', { name: `Details of ${artifact} in ${bundle}` }) });

test('licenses and access: table, filter, policy errors, a grant, the report and the bundle verdict', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await appReady(page);
  const restricted = path.join(host.workDir, 'restricted.bundle.zip');
  await restrictedVariant(sampleZip, restricted, { name: 'Restricted iris', sloppyCode: true });
  await importByPath(page, sampleZip);
  await dismissResult(page);
  await importByPath(page, restricted);
  await dismissResult(page);

  await page.getByRole('link', { name: 'Licenses & Access' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Licenses & Access' })).toBeVisible();
  await expect(page.getByText('20 artifacts', { exact: true })).toBeVisible();
  await expect(rowOf(page, 'Restricted iris', 'code/train.py')).toContainText('Apache 2');
  await expect(rowOf(page, 'Restricted iris', 'code/train.py')).toContainText('Invalid');
  await expect(rowOf(page, 'Restricted iris', 'model/model.onnx')).toContainText('Denied');
  await expect(rowOf(page, 'Restricted iris', 'eval/test.csv')).toContainText('restricted');
  await expect(rowOf(page, 'Restricted iris', 'eval/test.csv')).toContainText('none'); // no grant yet
  await expect(rowOf(page, 'Iris species logistic regression', 'eval/test.csv')).toContainText('internal');

  // Filters: status, then text.
  await page.getByLabel('Status').selectOption('denied');
  await expect(page.getByText('2 matching artifacts of 20')).toBeVisible();
  await expect(table(page).getByRole('row')).toHaveCount(3); // header + the model and its data
  await page.getByLabel('Status').selectOption('');
  await page.getByRole('searchbox', { name: 'Search' }).fill('train.py');
  await expect(page.getByText('2 matching artifacts of 20')).toBeVisible();
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByText('20 artifacts', { exact: true })).toBeVisible();

  // Details: the reason and the suggested correction, as text.
  await page.getByRole('button', { name: 'Details of code/train.py in Restricted iris' }).click();
  const details = page.getByRole('region', { name: /code\/train\.py/ });
  await expect(details).toContainText('Suggested');
  await expect(details).toContainText('Apache-2.0');
  await details.getByRole('button', { name: 'Close the details' }).click();

  // A grant, started from the restricted data set's details.
  await page.getByRole('button', { name: 'Details of eval/test.csv in Restricted iris' }).click();
  await page.getByRole('button', { name: 'Grant access to this data set…' }).click();
  await expect(page.getByRole('tab', { name: 'Grants' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Data set')).toHaveValue(
    '8bc8cffec34a905aef90d4070edc897f38f21229ebdfcdd57b61250c14ccf768',
  );
  await page.getByLabel('Grantee').fill('kim@example.org');
  await page.getByLabel('Agreement').fill('DUA-2026-07');
  await page.getByLabel('Expires (optional)').fill('2099-12-31T18:00');
  await page.getByRole('button', { name: 'Add grant' }).click();
  const grants = page.getByRole('table', { name: 'Grants' });
  await expect(grants.getByRole('row')).toHaveCount(2);
  await expect(grants).toContainText('kim@example.org');
  await expect(grants).toContainText('DUA-2026-07');
  await expect(grants).toContainText('active');
  await page.getByRole('tab', { name: 'Artifacts' }).click();
  await expect(rowOf(page, 'Restricted iris', 'eval/test.csv')).toContainText('1 active');

  // The policy: an invalid entry is named inline and nothing is saved; a valid one re-evaluates.
  await page.getByRole('tab', { name: 'Policy' }).click();
  const policy = page.getByRole('region', { name: 'License policy' });
  await expect(policy).toContainText('1 (the shipped default)');
  await policy.getByRole('button', { name: 'Edit policy' }).click();
  // The form: the intended use and one SPDX entry per line; core names the refused entry.
  await expect(page.getByRole('radio', { name: 'Research' })).not.toBeChecked();
  await page.getByRole('radio', { name: 'Research' }).check();
  await page.getByLabel('Allowed licenses').fill('MIT\nBSD-3-Clause\nApache 2');
  await page.getByLabel('Licenses that need review').fill('CC-BY-NC-4.0');
  await page.getByLabel('Denied licenses').fill('');
  await page.getByRole('button', { name: 'Save policy' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'The policy was not saved' });
  await expect(alert).toContainText('allow[2]: unknown SPDX id "Apache 2" (did you mean "Apache-2.0"?)');
  // The JSON view (advanced) shows what the form stands for, and a bad JSON cannot go back to the form.
  await page.getByRole('button', { name: 'Edit as JSON (advanced)' }).click();
  await expect(page.getByLabel('Policy JSON')).toHaveAttribute('aria-invalid', 'true');
  expect(JSON.parse(await page.getByLabel('Policy JSON').inputValue())).toEqual({
    intendedUse: 'research',
    allow: ['MIT', 'BSD-3-Clause', 'Apache 2'],
    deny: [],
    review: ['CC-BY-NC-4.0'],
  });
  await page.getByLabel('Policy JSON').fill('{"intendedUse": "research", "allow": [');
  await page.getByRole('button', { name: 'Edit as a form' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'not a policy the form can show' })).toBeVisible();
  await page
    .getByLabel('Policy JSON')
    .fill(
      JSON.stringify(
        { intendedUse: 'research', allow: ['MIT', 'BSD-3-Clause', 'Apache 2'], deny: [], review: ['CC-BY-NC-4.0'] },
        null,
        2,
      ),
    );
  await page.getByRole('button', { name: 'Edit as a form' }).click();
  await page.getByLabel('Allowed licenses').fill('MIT\nBSD-3-Clause\nApache-2.0');
  await page.getByLabel('Note for the audit log (optional)').fill('research use only');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByText('Saved as version 2')).toBeVisible();
  await expect(page.getByText('Re-evaluated 2 bundles; 1 verdict changed:')).toBeVisible();
  // The save names the bundle whose verdict moved, from and to.
  const moved = page.getByTestId('verdict-changes').getByRole('listitem');
  await expect(moved).toHaveCount(1);
  await expect(moved).toContainText(/Restricted iris\s*✕\s*Denied\s*→\s*!\s*Needs review/);
  await expect(moved.getByRole('link', { name: 'Restricted iris' })).toHaveAttribute(
    'href',
    /^#\/bundles\/[0-9a-f]{64}$/,
  );
  await expect(policy).toContainText('research use only');

  // The compliance report: CSV and JSON downloads, and the printable view.
  await page.getByRole('tab', { name: 'Report' }).click();
  await expect(page.getByRole('heading', { name: 'Compliance report' })).toBeVisible();
  const report = page.getByRole('article', { name: 'Compliance report' });
  await expect(report).toContainText('research');
  await expect(report.getByRole('region', { name: /Grants \(1\)/ })).toContainText('kim@example.org');
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(/^compliance-report-.*\.csv$/);
  const csvText = readFileSync((await csv.path())!, 'utf8');
  expect(csvText.split('\r\n')[0]).toBe(
    'bundle_digest,bundle_name,bundle_verdict,path,role,license,status,reason,suggestion,flags,classification,sha256,active_grants,last_access',
  );
  expect(csvText.trimEnd().split('\r\n')).toHaveLength(21);
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download JSON' }).click(),
  ]);
  const jsonReport = JSON.parse(readFileSync((await json.path())!, 'utf8'));
  expect(jsonReport).toMatchObject({
    kind: 'provdesk-compliance-report',
    policy: { version: 2, intendedUse: 'research' },
    summary: { bundles: 2, artifacts: 20 },
  });
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void ((window as unknown as { printed: number }).printed += 1);
  });
  await page.getByRole('button', { name: 'Print report…' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Download CSV' })).toBeHidden();
  await expect(report).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // Drill-down: the bundle page shows the verdict with each artifact's status and suggestion.
  await page.getByRole('tab', { name: 'Artifacts' }).click();
  await rowOf(page, 'Restricted iris', 'code/train.py').getByRole('link', { name: 'Restricted iris' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Restricted iris' })).toBeVisible();
  await openBundleTab(page, 'Licenses');
  const licenses = page.getByRole('region', { name: /^Licenses/ });
  await expect(licenses).toContainText('Needs review');
  await expect(licenses).toContainText('Policy version 2');
  const trainRow = licenses.getByRole('row').filter({ hasText: 'code/train.py' });
  await expect(trainRow).toContainText('Invalid');
  await expect(trainRow).toContainText(/suggested: Apache-2\.0/i);
});
