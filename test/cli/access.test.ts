import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, sampleBundle } from '../helpers/cli';
import { restrictedVariant } from '../helpers/license-variants';

let dir: string;
let store: string;
let restricted: string;
let digest: string;
const dataSha = '8bc8cffec34a905aef90d4070edc897f38f21229ebdfcdd57b61250c14ccf768'; // data/eval/test.csv of the sample

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-cli-access-'));
  store = path.join(dir, 'store');
  restricted = path.join(dir, 'restricted.bundle.zip');
  await restrictedVariant(sampleBundle, restricted, { name: 'Restricted iris' });
  const imported = runCli(['--store', store, 'import', '--json', restricted]);
  expect(imported.code).toBe(0);
  digest = imported.json().bundleDigest as string;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(['--store', store, ...args], { USER: 'sam', LOGNAME: 'sam' });

describe('provdesk licenses with a store', () => {
  it('uses the policy stored in the store when no --policy is given, and says so', () => {
    const run = cli('licenses', '--json', restricted);
    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({ verdict: 'denied', policySource: { kind: 'store', version: 1 } });
    expect(cli('list', '--json').json()).toMatchObject({
      bundles: [{ bundleDigest: digest, licenseVerdict: 'denied' }],
    });
    const fresh = runCli(['--store', path.join(dir, 'none'), 'licenses', '--json', sampleBundle]);
    expect(fresh.json()).toMatchObject({ verdict: 'allowed', policySource: { kind: 'default' } });
    const research = path.join(dir, 'research.json');
    writeFileSync(
      research,
      JSON.stringify({ intendedUse: 'research', allow: ['MIT', 'BSD-3-Clause'], deny: [], review: ['CC-BY-NC-4.0'] }),
    );
    const withFile = cli('licenses', '--policy', research, restricted);
    expect(withFile.code).toBe(1);
    expect(withFile.stdout).toMatch(
      /^NEEDS REVIEW: .*\n {2}policy [0-9a-f]{12} \(file .*research\.json; intended use: research\)/,
    );
  });
});

describe('provdesk access', () => {
  it('refuses to export restricted data without a grant (exit 1), and allows it with an audited override', () => {
    const out = path.join(dir, 'out.zip');
    const refused = cli('export', digest, '-o', out, '--json');
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({
      error: {
        code: 'refused',
        message: expect.stringMatching(/^export refused: \S+ holds no valid grant for eval\/test\.csv \(restricted\)/),
      },
    });
    expect(existsSync(out)).toBe(false);
    const overridden = cli('export', digest, '-o', out, '--override', 'auditor copy, ticket 7');
    expect(overridden.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const log = cli('access', 'log', '--json', '--purpose', 'export');
    expect(log.json()).toMatchObject({
      total: 2,
      events: [
        { outcome: 'override', overrideReason: 'auditor copy, ticket 7', datasetPath: 'eval/test.csv' },
        { outcome: 'refused' },
      ],
    });
    expect(cli('access', 'log', '--outcome', 'override').stdout).toMatch(
      /override export .* eval\/test\.csv \(restricted\) in Restricted iris override: auditor copy, ticket 7/,
    );
  });

  it('grants, lists and revokes, with usage errors for bad input (exit 2)', () => {
    const granted = cli(
      'access',
      'grant',
      '--json',
      '--grantee',
      'kim@example.org',
      '--dataset',
      'eval/test.csv',
      '--bundle',
      digest.slice(0, 12),
      '--agreement',
      'DUA-2026-07',
      '--expires',
      '2099-01-01T00:00:00Z',
    );
    expect(granted.code).toBe(0);
    const grant = granted.json();
    expect(grant).toMatchObject({
      grantee: 'kim@example.org',
      datasetSha256: dataSha,
      datasetPath: 'eval/test.csv',
      bundleDigest: digest,
      expiresAt: '2099-01-01T00:00:00.000Z',
      state: 'active',
    });

    const list = cli('access', 'list', '--json');
    expect(list.json()).toMatchObject({ grants: [{ id: grant.id, state: 'active' }] });
    expect(cli('access', 'list').stdout).toContain('agreement  DUA-2026-07');

    const revoked = cli('access', 'revoke', String(grant.id), '--reason', 'study closed', '--json');
    expect(revoked.code).toBe(0);
    expect(revoked.json()).toMatchObject({ state: 'revoked', revokeReason: 'study closed' });
    expect(cli('access', 'list', '--state', 'active', '--json').json()).toEqual({ grants: [] });

    const again = cli('access', 'revoke', String(grant.id), '--reason', 'again');
    expect(again.code).toBe(2); // a conflict with the user's own input (docs/cli.md, Exit codes)
    expect(again.stderr).toMatch(/already revoked/);
    expect(cli('access', 'revoke', 'grant-unknown', '--reason', 'x').code).toBe(2);
    const past = cli(
      'access',
      'grant',
      '--grantee',
      'kim',
      '--dataset',
      dataSha,
      '--agreement',
      'DUA',
      '--expires',
      '2001-01-01',
    );
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/is not in the future/);
    const badDate = cli(
      'access',
      'grant',
      '--grantee',
      'kim',
      '--dataset',
      dataSha,
      '--agreement',
      'DUA',
      '--expires',
      'soon',
    );
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/--expires: an ISO-8601 date or time/);
    expect(cli('access', 'grant', '--grantee', 'kim', '--dataset', 'nope.csv', '--agreement', 'DUA').stderr).toMatch(
      /no data set nope\.csv in this store/,
    );
    expect(cli('access', 'grant', '--grantee', 'kim', '--dataset', dataSha).code).toBe(2); // --agreement is required
    expect(cli('access', 'list', '--state', 'maybe').code).toBe(2);
  });
});
