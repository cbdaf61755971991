import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, appReady, repoRoot, sampleZip } from './fixtures';
import { importByPath } from './import-helpers';
import { createIdentity, exportSigned } from './signing-helpers';
import { editedVariant } from './replay-variants';
import { openBundleTab } from './bundle-tab';

const cli = path.join(repoRoot, 'dist', 'node', 'provdesk.mjs');

/** Imports the sample through the UI, replays it, and leaves the page on the bundle; resolves with its URL hash. */
async function importAndReplay(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Try the sample bundle' }).click();
  const imported = page.getByTestId('import-result');
  await expect(imported).toContainText(/Imported the sample bundle/, { timeout: 30_000 });
  await imported.getByRole('link', { name: 'Open the bundle' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Iris species logistic regression');
  await openBundleTab(page, 'Replays');
  const card = page.getByRole('region', { name: 'Replay', exact: true });
  await card.getByRole('button', { name: 'Replay' }).click();
  await expect(card.getByTestId('replay-done')).toContainText('Reproduced', { timeout: 30_000 });
  // The bundle page's address without the tab: it opens on the Overview.
  return new URL(page.url()).hash.split('?')[0]!;
}

/** A second reviewer's decision, made with the CLI in a store of its own. */
function teammateDecision(workDir: string): { file: string; publicKey: string } {
  const store = path.join(workDir, 'teammate-store');
  const env = { ...process.env, PROVDESK_PASSPHRASE: 'teammate-passphrase' };
  const run = (...args: string[]) =>
    JSON.parse(
      execFileSync(process.execPath, [cli, '--json', '--store', store, ...args], { env, cwd: repoRoot }).toString(
        'utf8',
      ),
    ) as Record<string, unknown>;
  const identity = run('identity', 'create', '--name', 'Sam Okafor', '--email', 'sam.okafor@example.org');
  const digest = run('import', sampleZip)['bundleDigest'] as string;
  run('replay', digest);
  const file = path.join(workDir, 'sam-decision.json');
  expect(
    run('approve', digest, '--decision', 'approve', '--reason', 'Replayed on my machine too.', '-o', file)['accepted'],
  ).toBe(true);
  return { file, publicKey: identity['publicKey'] as string };
}

test('a reviewer approves the replayed sample through the UI; the decision is signed, in the history, downloadable; a teammate’s decision verifies and, added, joins the history', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await appReady(page);
  const bundleHash = await importAndReplay(page);

  // Without an identity the bundle card sends the reviewer to make one.
  await openBundleTab(page, 'Approvals');
  await expect(page.getByRole('region', { name: 'Approval' })).toContainText('You need a signing identity');
  await createIdentity(page, 'Rhea Kim', 'rhea.kim@example.org', 'rhea-passphrase');
  const localKey = (await page.getByTestId('identity-public-key').textContent())!.trim();

  // The inbox lists the bundle, with nothing blocking.
  const item = page.getByTestId('inbox-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Iris species logistic regression');
  await expect(item).toContainText('Nothing blocks your approval.');
  await expect(page.getByTestId('team-status')).toContainText('No team file imported');

  // The dialog from the inbox: labelled, shows what the decision rests on, Escape closes it.
  await item.getByRole('button', { name: 'Decide…' }).click();
  let dialog = page.getByRole('dialog', { name: 'Decide on Iris species logistic regression' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('table', { name: 'Metric deltas' }).getByRole('row')).toHaveCount(4);
  await expect(dialog.getByRole('region', { name: 'License verdict' })).toContainText(/Allowed|Needs review/);
  await expect(dialog.locator('[data-rule="separation-of-duties"]')).toContainText('Holds');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // Approve from the bundle page: a reason is required, the passphrase signs.
  await page.goto(`${host.origin}/${bundleHash}`);
  await openBundleTab(page, 'Approvals');
  const approval = page.getByRole('region', { name: 'Approval' });
  await expect(approval.getByTestId('approval-history-empty')).toContainText('No decisions yet');
  await approval.getByRole('button', { name: 'Decide…' }).click();
  dialog = page.getByRole('dialog', { name: /^Decide on/ });
  const sign = dialog.getByRole('button', { name: 'Sign and approve' });
  await expect(dialog.getByRole('list', { name: 'Approval rules' }).getByRole('listitem')).toHaveCount(9);
  await expect(sign).toBeDisabled(); // no reason yet
  await dialog
    .getByLabel('Reason (required, signed into the decision)')
    .fill('Reproduced within tolerance; licenses reviewed.');
  await expect(dialog.getByLabel('Passphrase of your signing key')).toHaveAttribute('type', 'password');
  await dialog.getByLabel('Passphrase of your signing key').fill('rhea-passphrase');
  await sign.click();
  const signed = dialog.getByTestId('decision-signed');
  await expect(signed).toContainText('Signed: approved');
  await expect(signed).toContainText('The bundle is now approved');
  const keyId = (await signed.getByTestId('signed-key-id').textContent())!.trim();
  expect(keyId).toMatch(/^[0-9a-f]{64}$/);
  const download = page.waitForEvent('download');
  await signed.getByRole('button', { name: 'Download decision' }).click();
  const envelope = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as {
    payloadType: string;
    signatures: { keyid: string }[];
  };
  expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
  expect(envelope.signatures[0]?.keyid).toBe(keyId);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toHaveCount(0);

  // The history on the bundle card.
  const row = approval.getByTestId('approval-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Approved');
  await expect(row).toContainText('rhea.kim@example.org');
  await expect(row).toContainText(keyId.slice(0, 16));

  // A teammate's decision: unknown key until the team file names it, then valid; a tampered copy is not.
  const mate = teammateDecision(host.workDir);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Approvals' }).click();
  const verify = page.getByRole('region', { name: 'Verify a decision' });
  await verify.getByLabel('Choose a decision file').setInputFiles(mate.file);
  await verify.getByRole('button', { name: 'Verify' }).click();
  await expect(verify.getByTestId('verify-result')).toContainText('Invalid decision');

  // A plain team file naming keys and roles is refused: a team file must be signed by the team's admins.
  const unsigned = {
    name: 'Iris reviewers',
    members: [
      { name: 'Rhea Kim', email: 'rhea.kim@example.org', publicKey: localKey, roles: ['admin'] },
      { name: 'Sam Okafor', email: 'sam.okafor@example.org', publicKey: mate.publicKey, roles: ['reviewer'] },
    ],
  };
  const teamCard = page.getByRole('region', { name: 'Team' });
  await teamCard.getByText('Import a team file').click();
  await teamCard.getByLabel('Team file (JSON)').fill(JSON.stringify(unsigned));
  await teamCard.getByRole('button', { name: 'Import team file' }).click();
  const refusal = teamCard.getByRole('alert').filter({ hasText: 'The team file was not imported' });
  await expect(refusal).toContainText('provdesk team create');
  await expect(refusal).toContainText('(team-unsigned)');
  await expect(page.getByTestId('team-status')).toContainText('No team file imported');

  // Rhea creates the team here (its first admin; pinned with her key's fingerprint) and adds Sam as a reviewer.
  await teamCard.getByText('Create team', { exact: true }).click();
  const create = teamCard.getByRole('form', { name: 'Create a team' });
  await create.getByLabel('Team name').fill('Iris reviewers');
  await create.getByLabel('Passphrase of your signing key').fill('rhea-passphrase');
  await create.getByRole('button', { name: 'Create and sign' }).click();
  await expect(page.getByTestId('team-status')).toContainText('Iris reviewers version 1');
  await expect(teamCard.getByTestId('pinned-admins')).toContainText('Rhea Kim <rhea.kim@example.org>');
  await expect(teamCard.getByTestId('pinned-admins')).toContainText(/([0-9a-f]{4} ){15}[0-9a-f]{4}/);
  await teamCard.getByText('Add member…').click();
  const add = teamCard.getByRole('form', { name: 'Add a member' });
  await add.getByLabel('Name').fill('Sam Okafor');
  await add.getByLabel('Email').fill('sam.okafor@example.org');
  await add.getByLabel('Public key (base64, from their signing identity)').fill(mate.publicKey);
  await add.getByLabel('Role').selectOption('reviewer');
  await add.getByLabel('Passphrase of your signing key').fill('rhea-passphrase');
  await add.getByRole('button', { name: 'Sign and add' }).click();
  await expect(page.getByTestId('team-status')).toContainText('Iris reviewers version 2');
  await expect(teamCard.getByRole('table', { name: 'Team members' }).getByRole('row')).toHaveCount(3);
  const teamDownload = page.waitForEvent('download');
  await teamCard.getByRole('button', { name: 'Download the team file' }).click();
  const teamFile = JSON.parse(readFileSync(await (await teamDownload).path(), 'utf8')) as {
    signed: { version: number; members: { email: string }[] };
    signatures: unknown[];
    history: unknown[];
  };
  expect(teamFile.signed.version).toBe(2);
  expect(teamFile.signed.members.map((m) => m.email)).toEqual(['rhea.kim@example.org', 'sam.okafor@example.org']);
  expect(teamFile.signatures).toHaveLength(1);
  expect(teamFile.history).toHaveLength(1);
  // The sample carries no author signature: this team does not ask for one, so decisions made without a team still
  // hold.
  await teamCard.getByText('Settings…').click();
  const settings = teamCard.getByRole('form', { name: 'Team settings' });
  await settings.getByLabel(/^Require signed authorship/).uncheck();
  await settings.getByLabel('Passphrase of your signing key').fill('rhea-passphrase');
  await settings.getByRole('button', { name: 'Sign and save' }).click();
  await expect(page.getByTestId('team-status')).toContainText('Iris reviewers version 3');
  await expect(teamCard.getByTestId('team-trust')).toContainText('Signed authorship not required');

  await verify.getByRole('button', { name: 'Verify' }).click();
  const result = verify.getByTestId('verify-result');
  await expect(result).toContainText('Valid decision');
  await expect(result).toContainText('Sam Okafor <sam.okafor@example.org>');

  const tampered = JSON.parse(readFileSync(mate.file, 'utf8')) as { signatures: { sig: string }[] };
  const sig = tampered.signatures[0]!.sig;
  tampered.signatures[0]!.sig = (sig.startsWith('A') ? 'B' : 'A') + sig.slice(1);
  await verify.getByLabel('Decision envelope').fill(JSON.stringify(tampered));
  await verify.getByRole('button', { name: 'Verify' }).click();
  await expect(result).toContainText('Invalid decision');
  await expect(result.getByRole('listitem').first()).toContainText(/signature/i);

  // The valid decision added to this store: it joins the bundle's history.
  await verify.getByLabel('Choose a decision file').setInputFiles(mate.file);
  await verify.getByRole('button', { name: 'Verify' }).click();
  await result.getByRole('button', { name: 'Add to this store' }).click();
  await expect(verify.getByTestId('import-decision-result')).toContainText('Added to this store');
  await page.goto(`${host.origin}/${bundleHash}`);
  await openBundleTab(page, 'Approvals');
  await expect(approval.getByTestId('approval-row')).toHaveCount(2);
  await expect(approval.getByTestId('approval-row').filter({ hasText: 'sam.okafor@example.org' })).toContainText(
    'Approved',
  );
});

test('the author signs her run; the signature, not the metadata, makes her its author: shown on the page and list, blocked by separation of duties', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await appReady(page);
  const bundleHash = await importAndReplay(page);
  await createIdentity(page, 'Dana Reyes', 'dana.reyes@example.org', 'dana-passphrase');
  // Unsigned, the metadata's author proves nothing: the run waits in her inbox like anyone's.
  await expect(page.getByTestId('inbox-item')).toHaveCount(1);

  // She signs it (Export, "Sign as"), and the signed copy, imported, adds the signature to the stored bundle.
  await page.goto(`${host.origin}/${bundleHash}`);
  await expect(page.locator('.page-head').getByText('Unsigned')).toBeVisible();
  const signed = path.join(host.workDir, 'dana-signed.bundle.zip');
  await exportSigned(page, signed, 'Dana Reyes', 'dana-passphrase');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Bundles' }).click();
  await importByPath(page, signed);
  await expect(page.getByTestId('import-result')).toContainText(
    'This copy’s signature was added to the stored bundle.',
  );
  await expect(page.getByRole('row', { name: /Iris species logistic regression/ })).toContainText('Dana Reyes');

  await page.goto(`${host.origin}/${bundleHash}`);
  await expect(page.locator('.page-head').getByText('Signed by Dana Reyes')).toBeVisible();
  const card = page.getByRole('region', { name: /^Author signature/ });
  await expect(card).toContainText('Signed by Dana Reyes <dana.reyes@example.org>');
  await expect(card).toContainText('Author (as the metadata says)');

  // Now it is her own run: out of her inbox, and the rule blocks her approval.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Approvals' }).click();
  await expect(page.getByTestId('inbox-empty')).toBeVisible();
  await page.goto(`${host.origin}/${bundleHash}`);
  await openBundleTab(page, 'Approvals');
  await page.getByRole('region', { name: 'Approval' }).getByRole('button', { name: 'Decide…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Decide on/ });
  const blocking = dialog.getByRole('list', { name: 'Blocking rules' });
  await expect(blocking).toContainText('Not the run author');
  await expect(blocking).toContainText(
    'You (dana.reyes@example.org) signed this run as its author: someone else must review it.',
  );
  await dialog.getByLabel('Reason (required, signed into the decision)').fill('Looks right to me.');
  await dialog.getByLabel('Passphrase of your signing key').fill('dana-passphrase');
  await dialog.getByRole('button', { name: 'Sign and approve' }).click();
  const refused = dialog.getByRole('alert');
  await expect(refused).toContainText('The decision was not recorded');
  await expect(refused.getByRole('list', { name: 'Rules that blocked the decision' })).toContainText(
    'Not the run author',
  );
  await expect(dialog.getByLabel('Passphrase of your signing key')).toHaveValue('');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await openBundleTab(page, 'Approvals');
  await expect(page.getByRole('region', { name: 'Approval' }).getByTestId('approval-history-empty')).toBeVisible();
});

test('Modules: the sample’s modules, versions, the bundles that used them, and owner editing with validation', async ({
  page,
}) => {
  await appReady(page);
  await page.getByRole('button', { name: 'Try the sample bundle' }).click();
  await expect(page.getByTestId('import-result')).toContainText(/Imported the sample bundle/, { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Modules' }).click();
  const training = page.getByRole('region', { name: /^training/ });
  await expect(training.getByRole('table', { name: 'Versions of training' })).toContainText('2.0.1');
  await expect(training.getByTestId('module-owners')).toHaveText('none');
  await training.getByRole('button', { name: 'Edit the owners of training' }).click();
  const owners = training.getByLabel('Owners of training (emails, comma-separated)');
  await owners.fill('lee.chen@example.org, not-an-email');
  await training.getByRole('button', { name: 'Save owners' }).click();
  await expect(training.getByRole('alert')).toHaveText('Not an email address: not-an-email');
  await owners.fill('lee.chen@example.org, ana.silva@example.org');
  await training.getByRole('button', { name: 'Save owners' }).click();
  // the registry keeps them sorted;
  await expect(training.getByTestId('module-owners')).toHaveText('ana.silva@example.org, lee.chen@example.org');
  await training.getByRole('link', { name: 'Iris species logistic regression' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Iris species logistic regression');
});

test('a not-reproduced replay is approved only with a written justification for each metric outside tolerance', async ({
  page,
  host,
}) => {
  test.setTimeout(90_000);
  await appReady(page);
  const edited = path.join(host.workDir, 'edited.bundle.zip');
  await editedVariant(sampleZip, edited, 'Iris, reported numbers edited');
  await importByPath(page, edited);
  await page.getByTestId('import-result').getByRole('link', { name: 'Open the bundle' }).click();
  await openBundleTab(page, 'Replays');
  const card = page.getByRole('region', { name: 'Replay', exact: true });
  await card.getByRole('button', { name: 'Replay' }).click();
  await expect(card.getByTestId('replay-done')).toContainText('Not reproduced', { timeout: 30_000 });
  const bundleHash = new URL(page.url()).hash;
  await createIdentity(page, 'Rhea Kim', 'rhea.kim@example.org', 'rhea-passphrase');
  await expect(page.getByTestId('inbox-item')).toContainText('Replay reproduced');

  await page.goto(`${host.origin}/${bundleHash}`);
  await openBundleTab(page, 'Approvals');
  await page.getByRole('region', { name: 'Approval' }).getByRole('button', { name: 'Decide…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Decide on/ });
  await expect(dialog.getByRole('list', { name: 'Blocking rules' })).toContainText(
    'give a written justification for accuracy',
  );
  await expect(
    dialog.getByRole('table', { name: 'Metric deltas' }).getByRole('row', { name: /^accuracy/ }),
  ).toContainText('no: off by');
  await dialog.getByLabel('Why accuracy may stand').fill('The reported accuracy was rounded by hand in the write-up.');
  await dialog
    .getByLabel('Why log_loss may stand')
    .fill('The write-up rounded log_loss too; the replayed value is the true one.');
  // With both justifications the replay rule holds, so nothing blocks any more.
  await expect(dialog.locator('[data-rule="replay-reproduced"]').first()).toContainText('Holds');
  await expect(dialog.getByRole('list', { name: 'Blocking rules' })).toHaveCount(0);
  await dialog
    .getByLabel('Reason (required, signed into the decision)')
    .fill('Differences explained by rounding in the report.');
  await dialog.getByLabel('Passphrase of your signing key').fill('rhea-passphrase');
  await dialog.getByRole('button', { name: 'Sign and approve' }).click();
  await expect(dialog.getByTestId('decision-signed')).toContainText('Signed: approved');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await openBundleTab(page, 'Approvals');
  const row = page.getByRole('region', { name: 'Approval' }).getByTestId('approval-row');
  await expect(row).toContainText('accuracy: The reported accuracy was rounded by hand');
});
