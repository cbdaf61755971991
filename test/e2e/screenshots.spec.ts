import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, appReady, repoRoot, sampleZip } from './fixtures';
import { replacePayloadFiles, tamperPayload } from '../helpers/zip-edit';
import { renamedVariant } from './bundle-variants';
import { importByPath, dismissResult } from './import-helpers';
import { createIdentity, exportSigned } from './signing-helpers';
import { restrictedVariant } from '../helpers/license-variants';
import { editedVariant, refusedModelVariant, regressionVariant } from './replay-variants';
import { writeFileSync } from 'node:fs';
import { RUN_PROVENANCE, makeRunFolder } from './run-folder';
import { buildMlruns } from './mlflow-store';
import { compareVariant } from '../helpers/compare-variants';
import { openBundleTab } from './bundle-tab';

// Every screen in both themes, for a person to look at: test-results/screenshots/<screen>-<theme>.png.
const outDir = path.join(repoRoot, 'test-results', 'screenshots');
const themes = ['light', 'dark'] as const;

async function shoot(page: Page, screen: string, full = false): Promise<void> {
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.screenshot({ path: path.join(outDir, `${screen}-${theme}.png`), fullPage: full });
  }
}

async function go(page: Page, hash: string, heading: string | RegExp): Promise<void> {
  await page.goto(`${new URL(page.url()).origin}/${hash}`);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('screenshots of every screen, light and dark', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await appReady(page);

  await expect(page.getByRole('region', { name: 'Import your first bundle' })).toBeVisible();
  await shoot(page, 'bundles-empty');
  for (const [hash, heading, name] of [
    ['#/replays', 'Replays', 'replays-empty'],
    ['#/approvals', 'Approvals', 'approvals-empty'],
    ['#/modules', 'Modules', 'modules-empty'],
    ['#/licenses', 'Licenses & Access', 'licenses-empty'],
  ] as const) {
    await go(page, hash, heading);
    await shoot(page, name);
  }

  // Import in progress: hold the status answer so the running state is what is on screen.
  await go(page, '#/bundles', 'Bundles');
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  await page.route('**/api/import:status', async (route) => {
    await gate;
    await route.continue();
  });
  await page.getByRole('button', { name: 'Try the sample bundle' }).click();
  await expect(page.getByTestId('import-progress')).toBeVisible();
  await shoot(page, 'import-progress');
  release();
  await expect(page.getByTestId('import-result')).toBeVisible({ timeout: 30_000 });
  await shoot(page, 'import-done');
  await dismissResult(page);

  for (const [i, name] of [
    'Churn gradient boosting v3',
    'Fraud detector, weekly retrain',
    'ResNet-50 fine-tune on CIFAR-10 with a long descriptive name that must not break the row',
  ].entries()) {
    const file = path.join(host.workDir, `v${i}.bundle.zip`);
    await renamedVariant(sampleZip, file, name);
    await importByPath(page, file);
    await dismissResult(page);
  }
  const tampered = path.join(host.workDir, 'tampered.bundle.zip');
  await tamperPayload(sampleZip, tampered, 'data/model/model.onnx');
  await importByPath(page, tampered);
  await shoot(page, 'import-tampered');
  const openTampered = page.getByTestId('import-result').getByRole('link', { name: 'Open the bundle' });
  const tamperedHref = (await openTampered.count()) ? await openTampered.getAttribute('href') : null;
  await dismissResult(page);
  await expect(page.locator('.cell-name')).not.toHaveCount(0);
  await shoot(page, 'bundles-list');

  // Bundle pages scroll inside the main area: a tall viewport shows the whole page.
  await page.setViewportSize({ width: 1280, height: 2000 });
  await page.getByRole('link', { name: 'Iris species logistic regression', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Iris species logistic regression' })).toBeVisible();
  await shoot(page, 'bundle-verified');
  if (tamperedHref) {
    await go(page, tamperedHref, 'Iris species logistic regression');
    await shoot(page, 'bundle-invalid');
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  await go(page, '#/audit', 'Audit');
  await expect(page.getByTestId('chain-status')).toContainText('Chain verified');
  await shoot(page, 'audit');
  await page
    .locator('.audit-table [role=row]')
    .nth(1)
    .getByRole('button', { name: /Show entry/ })
    .click();
  await expect(page.getByRole('region', { name: /Entry \d+/ })).toBeVisible();
  await shoot(page, 'audit-entry');
  await go(page, '#/settings', 'Settings');
  await shoot(page, 'settings', true);
});

test('screenshots of Licenses & Access, light and dark', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await appReady(page);
  const restricted = path.join(host.workDir, 'restricted.bundle.zip');
  await restrictedVariant(sampleZip, restricted, { name: 'Face attributes (restricted data)', sloppyCode: true });
  for (const file of [sampleZip, restricted]) {
    await importByPath(page, file);
    await dismissResult(page);
  }
  await go(page, '#/licenses', 'Licenses & Access');
  await expect(page.getByText('20 artifacts', { exact: true })).toBeVisible();
  await shoot(page, 'licenses-table');
  await page.getByRole('button', { name: 'Details of model/model.onnx in Face attributes (restricted data)' }).click();
  await shoot(page, 'licenses-artifact');
  await page.getByRole('button', { name: 'Close the details' }).click();

  await page.getByRole('tab', { name: 'Policy' }).click();
  await page.getByRole('button', { name: 'Edit policy' }).click();
  await shoot(page, 'licenses-policy-form');
  await page.getByRole('button', { name: 'Edit as JSON (advanced)' }).click();
  await page
    .getByLabel('Policy JSON')
    .fill(JSON.stringify({ intendedUse: 'research', allow: ['MIT', 'Apache 2'], deny: ['MIT'], review: [] }, null, 2));
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The policy was not saved' })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 1250 });
  await shoot(page, 'licenses-policy-error');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('tab', { name: 'Grants' }).click();
  await page.getByLabel('Grantee').fill('kim@example.org');
  await page.getByLabel('Data set').fill('eval/test.csv');
  await page.getByLabel('Only in bundle (optional)').fill('');
  await page.getByLabel('Agreement').fill('DUA-2026-07 (face study)');
  await page.getByLabel('Expires (optional)').fill('2027-06-30T18:00');
  await page.getByRole('button', { name: 'Add grant' }).click();
  // Both bundles hold eval/test.csv with the same content, so the path names one data set.
  await expect(page.getByRole('table', { name: 'Grants' })).toContainText('kim@example.org');
  await shoot(page, 'licenses-grants');

  await page.getByRole('tab', { name: 'Access log' }).click();
  await shoot(page, 'licenses-access-log');
  await page.getByRole('tab', { name: 'Report' }).click();
  await expect(page.getByRole('article', { name: 'Compliance report' })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 1500 });
  await shoot(page, 'licenses-report');
  await page.emulateMedia({ media: 'print', colorScheme: 'light' });
  await page.screenshot({ path: path.join(outDir, 'licenses-report-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  await page.setViewportSize({ width: 1280, height: 2200 });
  await go(page, '#/bundles', 'Bundles');
  await page.getByRole('link', { name: 'Face attributes (restricted data)', exact: true }).click();
  await openBundleTab(page, 'Licenses');
  await expect(page.getByRole('region', { name: /^Licenses/ })).toContainText('Denied');
  await shoot(page, 'bundle-licenses');
});

test('screenshots of replay screens, light and dark', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await appReady(page);
  // A variant whose reported numbers and recorded predictions were edited, so its replay is not reproduced.
  const edited = path.join(host.workDir, 'edited-metrics.bundle.zip');
  await editedVariant(sampleZip, edited, 'Iris, reported numbers edited');
  const regression = path.join(host.workDir, 'regression.bundle.zip');
  await regressionVariant(sampleZip, regression, 'Housing price regression (fixture)');
  const refused = path.join(host.workDir, 'refused.bundle.zip');
  await refusedModelVariant(sampleZip, refused, 'Iris with a custom-operator model');
  for (const file of [sampleZip, edited, regression, refused]) {
    await importByPath(page, file);
    await dismissResult(page);
  }

  const replayFrom = async (bundle: string, hold = false) => {
    await go(page, '#/bundles', 'Bundles');
    await page.getByRole('link', { name: bundle, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: bundle })).toBeVisible();
    await openBundleTab(page, 'Replays');
    const card = page.getByRole('region', { name: 'Replay', exact: true });
    let release: () => void = () => {};
    if (hold) {
      const gate = new Promise<void>((r) => (release = r));
      await page.route('**/api/replay:status', async (route) => {
        await gate;
        await route.continue();
      });
    }
    await card.getByRole('button', { name: 'Replay' }).click();
    if (hold) {
      await expect(card.getByTestId('replay-progress')).toBeVisible();
      await card.scrollIntoViewIfNeeded();
      await shootElement(page, card, 'replay-progress');
      release();
    }
    await expect(card.getByTestId('replay-done')).toBeVisible({ timeout: 30_000 });
    return card;
  };

  const card = await replayFrom('Iris species logistic regression', true);
  await shootElement(page, card, 'replay-done-card');
  // The result page scrolls inside the main area: a tall viewport shows all of it.
  await page.setViewportSize({ width: 1280, height: 2000 });
  await card.getByRole('link', { name: 'Open the result' }).click();
  await expect(page.getByTestId('verdict-banner')).toContainText('Reproduced');
  await shoot(page, 'replay-result', true);

  const edCard = await replayFrom('Iris, reported numbers edited');
  await edCard.getByRole('link', { name: 'Open the result' }).click();
  await expect(page.getByTestId('verdict-banner')).toContainText('Not reproduced');
  await shoot(page, 'replay-not-reproduced', true);

  const regCard = await replayFrom('Housing price regression (fixture)');
  await regCard.getByRole('link', { name: 'Open the result' }).click();
  await expect(page.getByTestId('verdict-banner')).toContainText('Reproduced');
  await expect(page.getByTestId('predicted-vs-actual').locator('.recharts-scatter-symbol').first()).toBeVisible();
  await shoot(page, 'replay-regression', true);

  const refusedCard = await replayFrom('Iris with a custom-operator model');
  await refusedCard.getByRole('link', { name: 'Open the result' }).click();
  await expect(page.getByTestId('verdict-banner')).toContainText('Failed');
  await page.setViewportSize({ width: 1280, height: 900 });
  await shoot(page, 'replay-failed');

  await page.setViewportSize({ width: 1280, height: 800 });
  await go(page, '#/replays', 'Replays');
  await expect(page.getByTestId('replay-row')).toHaveCount(4);
  await shoot(page, 'replays-list');
  await page.setViewportSize({ width: 760, height: 800 });
  await shoot(page, 'replays-list-narrow');

  // Replays of every verdict: the dashboard's charts have something to show.
  await page.setViewportSize({ width: 1280, height: 1300 });
  await go(page, '#/dashboard', 'Dashboard');
  await expect(page.getByTestId('resources-chart')).toBeVisible();
  await shoot(page, 'dashboard', true);
});

async function shootElement(page: Page, element: ReturnType<Page['locator']>, screen: string): Promise<void> {
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await element.screenshot({ path: path.join(outDir, `${screen}-${theme}.png`) });
  }
}

test('screenshots of approvals and modules, light and dark', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await appReady(page);
  const edited = path.join(host.workDir, 'edited-metrics.bundle.zip');
  await editedVariant(sampleZip, edited, 'Iris, reported numbers edited');
  for (const file of [sampleZip, edited]) {
    await importByPath(page, file);
    await dismissResult(page);
  }
  for (const bundle of ['Iris species logistic regression', 'Iris, reported numbers edited']) {
    await go(page, '#/bundles', 'Bundles');
    await page.getByRole('link', { name: bundle, exact: true }).click();
    await openBundleTab(page, 'Replays');
    const card = page.getByRole('region', { name: 'Replay', exact: true });
    await card.getByRole('button', { name: 'Replay' }).click();
    await expect(card.getByTestId('replay-done')).toBeVisible({ timeout: 30_000 });
  }

  await go(page, '#/approvals', 'Approvals');
  await expect(page.getByRole('form', { name: 'Create a signing identity' })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
  await shoot(page, 'approvals-identity-form');
  const form = page.getByRole('form', { name: 'Create a signing identity' });
  await form.getByLabel('Name').fill('Rhea Kim');
  await form.getByLabel('Email').fill('rhea.kim@example.org');
  await form.getByLabel('Passphrase (8+ characters)').fill('rhea-passphrase');
  await form.getByLabel('Passphrase again').fill('rhea-passphrase');
  await form.getByRole('button', { name: 'Create identity' }).click();
  await expect(page.getByTestId('identity')).toContainText('rhea.kim@example.org');
  await expect(page.getByTestId('inbox-item')).toHaveCount(2);
  await page.setViewportSize({ width: 1280, height: 1400 });
  await shoot(page, 'approvals-inbox', true);

  // The dialog for the not-reproduced bundle: red deltas and a justification field per metric.
  await page
    .getByTestId('inbox-item')
    .filter({ hasText: 'reported numbers edited' })
    .getByRole('button', { name: 'Decide…' })
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('table', { name: 'Metric deltas' })).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Approval rules' })).toBeVisible();
  await shoot(page, 'approval-dialog-not-reproduced');
  await page.keyboard.press('Escape');

  await go(page, '#/bundles', 'Bundles');
  await page.getByRole('link', { name: 'Iris species logistic regression', exact: true }).click();
  await openBundleTab(page, 'Approvals');
  const approval = page.getByRole('region', { name: 'Approval' });
  await approval.getByRole('button', { name: 'Decide…' }).click();
  await dialog
    .getByLabel('Reason (required, signed into the decision)')
    .fill('Reproduced within tolerance; licenses reviewed.');
  await dialog.getByLabel('Passphrase of your signing key').fill('rhea-passphrase');
  await page.setViewportSize({ width: 1280, height: 800 });
  await dialog.getByRole('button', { name: 'Sign and approve' }).scrollIntoViewIfNeeded();
  await shoot(page, 'approval-dialog');
  await dialog.getByRole('button', { name: 'Sign and approve' }).click();
  await expect(dialog.getByTestId('decision-signed')).toBeVisible();
  await shoot(page, 'approval-dialog-signed');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(approval.getByTestId('approval-row')).toHaveCount(1);
  await approval.scrollIntoViewIfNeeded();
  await shootElement(page, approval, 'bundle-approval-card');

  await go(page, '#/approvals', 'Approvals');
  const verify = page.getByRole('region', { name: 'Verify a decision' });
  await verify
    .getByLabel('Decision envelope')
    .fill('{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[{"keyid":"00","sig":"AAAA"}]}');
  await verify.getByRole('button', { name: 'Verify' }).click();
  await expect(verify.getByTestId('verify-result')).toBeVisible();
  await verify.scrollIntoViewIfNeeded();
  await shootElement(page, verify, 'approvals-verify-invalid');

  await go(page, '#/modules', 'Modules');
  await page.getByRole('button', { name: 'Edit the owners of training' }).click();
  await page.getByLabel('Owners of training (emails, comma-separated)').fill('lee.chen@example.org');
  await page.getByRole('button', { name: 'Save owners' }).click();
  await expect(page.getByTestId('module-owners').last()).toHaveText('lee.chen@example.org');
  await shoot(page, 'modules', true);
});

test('screenshots of the compare view and the drift banner, light and dark', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await appReady(page);
  const variant = path.join(host.workDir, 'drifted.bundle.zip');
  await compareVariant(sampleZip, variant, {
    name: 'Iris, new test set',
    parameterC: 0.5,
    dataFile: Buffer.from('sepal_length,label\n5.1,0\n'),
    numpyVersion: '2.0.0',
  });
  await importByPath(page, sampleZip);
  await dismissResult(page);
  await importByPath(page, variant);
  await dismissResult(page);
  await page.getByRole('link', { name: 'Iris, new test set' }).click();
  await expect(page.getByTestId('drift-banner')).toBeVisible();
  await shoot(page, 'bundle-drift');
  await page.getByTestId('drift-banner').getByRole('link', { name: 'Compare', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Compare bundles' })).toBeVisible();
  await expect(page.getByTestId('cmp-licenses')).toBeVisible();
  await shoot(page, 'compare', true);
  await page.getByLabel('Show unchanged').check();
  await expect(page.getByTestId('cmp-parameters').getByRole('row')).toHaveCount(6);
  await shoot(page, 'compare-all', true);
});

test('screenshots of the making dialogs (new bundle, MLflow run, export), light and dark', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await appReady(page);
  const run = await makeRunFolder(
    host.workDir,
    'iris-run',
    RUN_PROVENANCE.replace('role: model }', 'role: modle }').replace('license: MIT\n', 'license: MIT\nlicence: MIT\n'),
  );
  await page.getByRole('button', { name: 'New bundle from folder…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New bundle from folder' });
  await dialog.getByLabel(/Run folder/).fill(run);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('plan-problems')).toBeVisible();
  await shoot(page, 'make-folder-problems');
  writeFileSync(
    path.join(run, 'provenance.yaml'),
    RUN_PROVENANCE.replace('license: BSD-3-Clause }', 'license: BSD-3-Clause, access: restricted }'),
  );
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('plan')).toBeVisible();
  await shoot(page, 'make-folder-preview');
  await dialog.getByRole('button', { name: 'Write bundle' }).click();
  await expect(dialog.getByTestId('make-written')).toBeVisible();
  await shoot(page, 'make-folder-written');
  await dialog.getByRole('button', { name: 'Import it now' }).click();
  await page.getByTestId('import-result').getByRole('link', { name: 'Open the bundle' }).click({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Export bundle…' }).click();
  const exporting = page.getByRole('dialog', { name: /^Export / });
  await exporting.getByLabel(/Write the bundle to/).fill(path.join(host.workDir, 'exported.bundle.zip'));
  await exporting.getByRole('button', { name: 'Export', exact: true }).click();
  await exporting.getByLabel(/Override reason/).fill('Sent to the journal reviewer under the data use agreement.');
  await shoot(page, 'export-refused');
  await exporting.getByRole('button', { name: 'Export with override' }).click();
  await expect(exporting.getByTestId('export-result')).toBeVisible();
  await shoot(page, 'export-done');
  await exporting.getByRole('button', { name: 'Close', exact: true }).click();

  await go(page, '#/bundles', 'Bundles');
  const mlruns = await buildMlruns(host.workDir);
  await page.getByRole('button', { name: 'Import MLflow run…' }).click();
  const mlflow = page.getByRole('dialog', { name: 'Import MLflow run' });
  await mlflow.getByLabel(/MLflow run:/).fill(mlruns);
  await mlflow.getByLabel(/Evaluation data/).fill('eval/test.csv');
  await mlflow.getByLabel('Label column').fill('label');
  await mlflow.getByRole('button', { name: 'Preview' }).click();
  await expect(mlflow.getByTestId('plan')).toBeVisible();
  await shoot(page, 'make-mlflow-preview');
});

test('screenshots of signed authorship, refused metadata and the signed team at 1024 px, light and dark', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1024, height: 768 });
  await appReady(page);
  await createIdentity(page, 'Dana Reyes', 'dana.reyes@example.org', 'dana-passphrase');
  const teamCard = page.getByRole('region', { name: 'Team' });
  await teamCard.getByText('Create team', { exact: true }).click();
  const create = teamCard.getByRole('form', { name: 'Create a team' });
  await create.getByLabel('Team name').fill('Iris reviewers');
  await create.getByLabel('Passphrase of your signing key').fill('dana-passphrase');
  await create.getByRole('button', { name: 'Create and sign' }).click();
  await expect(teamCard.getByTestId('pinned-admins')).toBeVisible();
  await shoot(page, 'approvals-team-1024', true);

  await go(page, '#/bundles', 'Bundles');
  await page.getByRole('button', { name: 'Try the sample bundle' }).click();
  await page.getByTestId('import-result').getByRole('link', { name: 'Open the bundle' }).click({ timeout: 30_000 });
  await expect(page.getByRole('region', { name: /^Author signature/ })).toBeVisible();
  await page.getByRole('region', { name: /^Author signature/ }).scrollIntoViewIfNeeded();
  await shoot(page, 'bundle-unsigned-1024');
  const bundleHash = new URL(page.url()).hash;
  const signed = path.join(host.workDir, 'signed.bundle.zip');
  await exportSigned(page, signed, 'Dana Reyes', 'dana-passphrase', () => shoot(page, 'export-sign-1024'));
  await go(page, '#/bundles', 'Bundles');
  await importByPath(page, signed);
  await shoot(page, 'import-signed-1024');
  await dismissResult(page);
  // A crate with a __proto__ key: the bytes verify, the metadata is refused.
  const refused = path.join(host.workDir, 'refused.bundle.zip');
  await replacePayloadFiles(sampleZip, refused, (read) => ({
    'data/ro-crate-metadata.json': Buffer.from(
      read('data/ro-crate-metadata.json').toString('utf8').replace('{', '{"__proto__": {}, '),
    ),
  }));
  await importByPath(page, refused);
  await shoot(page, 'import-refused-metadata-1024');
  await page.getByTestId('import-result').getByRole('link', { name: 'Open the bundle' }).click();
  await shoot(page, 'bundle-refused-metadata-1024');
  await go(page, '#/bundles', 'Bundles');
  await dismissResult(page);
  await shoot(page, 'bundles-list-signed-1024');
  await page.goto(`${host.origin}/${bundleHash}`);
  await expect(page.locator('.page-head').getByText('Signed by Dana Reyes')).toBeVisible();
  await shoot(page, 'bundle-signed-1024');
  await page.getByRole('region', { name: /^Author signature/ }).scrollIntoViewIfNeeded();
  await shoot(page, 'bundle-signed-card-1024');
  await openBundleTab(page, 'Approvals');
  await page.getByRole('region', { name: 'Approval' }).getByRole('button', { name: 'Decide…' }).click();
  await expect(
    page.getByRole('dialog', { name: /^Decide on/ }).getByRole('list', { name: 'Blocking rules' }),
  ).toBeVisible();
  await shoot(page, 'decide-own-run-1024');
});
