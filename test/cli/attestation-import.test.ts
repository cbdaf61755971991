import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, sampleBundle } from '../helpers/cli';

/**
 * `provdesk attestation import` through the built CLI: two reviewers (Ana, Ben) each with a store, one team
 * file with both keys and quorum 2. Ben approves and exports; Ana imports Ben's decision, and her own approval
 * then meets the quorum.
 */

const env = { PROVDESK_PASSPHRASE: 'correct horse battery' };
let dir: string;
let ana: string;
let ben: string;
let benDecision: string;
let digest: string;

const cli = (store: string, args: string[]) => runCli(['--store', store, ...args], env);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-att-import-'));
  [ana, ben] = ['ana', 'ben'].map((n) => path.join(dir, n)) as [string, string];
  benDecision = path.join(dir, 'ben-decision.json');
  const keys = [
    ['Ana', 'ana@example.org', ana],
    ['Ben', 'ben@example.org', ben],
  ].map(([name, email, store]) => {
    const made = cli(store!, ['--json', 'identity', 'create', '--name', name!, '--email', email!]);
    if (made.code !== 0) throw new Error(made.stderr);
    return made.json() as { name: string; email: string; publicKey: string };
  });
  // Ana makes the signed team file (its admin, and a reviewer), adds Ben and asks for two approvals.
  const teamFile = path.join(dir, 'team.json');
  const benKey = keys[1]!;
  for (const args of [
    ['team', 'create', '--name', 'Reviewers', '--role', 'reviewer', '-o', teamFile],
    [
      'team',
      'add-member',
      teamFile,
      '--name',
      benKey.name,
      '--email',
      benKey.email,
      '--public-key',
      benKey.publicKey,
      '--role',
      'reviewer',
    ],
    // the sample is not signed: decisions are the subject here
    ['team', 'set', teamFile, '--quorum', '2', '--require-signed-authorship', 'false'],
  ]) {
    const r = cli(ana, args);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  for (const store of [ana, ben]) {
    expect(cli(store, ['team', 'import', teamFile]).code).toBe(0);
    digest = cli(store, ['--json', 'import', sampleBundle]).json().bundleDigest as string;
    expect(cli(store, ['replay', digest]).code).toBe(0);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('provdesk attestation import', () => {
  it("Ben's exported approval, imported into Ana's store, counts: Ana's approval then meets the quorum of 2", () => {
    const own = cli(ben, [
      '--json',
      'approve',
      digest,
      '--decision',
      'approve',
      '--reason',
      'reproduced here',
      '-o',
      benDecision,
    ]);
    expect(own.code, own.stderr).toBe(0);
    expect(own.json()).toMatchObject({ state: 'pending', quorum: 2 }); // Ben alone is one of two

    const imported = cli(ana, ['--json', 'attestation', 'import', benDecision]);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.json()).toMatchObject({
      imported: true,
      record: { decision: 'approve', approver: { email: 'ben@example.org' }, holds: true },
      check: { state: 'pending', approvals: 1, quorum: 2 },
    });

    const again = cli(ana, ['attestation', 'import', benDecision]);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/^REFUSED: .* was not imported/);
    expect(again.stdout).toMatch(/approval-import-duplicate: this decision is already in the store/);

    const mine = cli(ana, ['--json', 'approve', digest, '--decision', 'approve', '--reason', 'reproduced here too']);
    expect(mine.code, mine.stdout).toBe(0);
    const result = mine.json() as { state: string; rules: { id: string; status: string; message: string }[] };
    expect(result.state).toBe('approved');
    expect(result.rules.find((r) => r.id === 'quorum')).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(/^2 of the 2 approvals needed/),
    });
  });

  it('refuses a decision about a bundle this store does not hold (exit 1); an unreadable file is exit 2', () => {
    const other = path.join(dir, 'other');
    expect(cli(other, ['team', 'import', path.join(dir, 'team.json')]).code).toBe(0);
    const refused = cli(other, ['--json', 'attestation', 'import', benDecision]);
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({ imported: false, problems: [{ code: 'approval-import-unknown-bundle' }] });
    expect(cli(ana, ['attestation', 'import', path.join(dir, 'missing.json')]).code).toBe(2);
    const notJson = path.join(dir, 'not-json.json');
    writeFileSync(notJson, 'not a decision');
    const bad = cli(ana, ['attestation', 'import', notJson]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/^UNREADABLE: .*\n.*\n {2}- attestation-invalid: not a JSON document/);
  });
});
