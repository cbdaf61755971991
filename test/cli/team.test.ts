import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli';
import { signTeamVersion, teamVersionHash } from '../../src-main/core/governance/team-document';
import { person } from '../unit/core/governance/approval-fixtures';

/**
 * The signed team file through the built CLI: Ravi creates it and, as its admin, adds Dana and raises the quorum;
 * Kim's store imports it (pinning Ravi's key) and refuses what Ravi did not sign: a rollback, a version re-signed
 * by a member who is no admin, a changed file under the same version, an unsigned file.
 */

const env = { PROVDESK_PASSPHRASE: 'correct horse battery' };
const lee = person('Lee', 'lee@example.org'); // a reviewer whose private key the test holds (to forge with)
let dir: string;
let ravi: string;
let dana: string;
let kim: string;
let file: string;
let ravisKey: string;

const cli = (store: string, args: string[]) => runCli(['--store', store, ...args], env);
const at = (name: string) => path.join(dir, name);
type Doc = { signed: Record<string, unknown>; signatures: { keyid: string; sig: string }[]; history?: unknown[] };
const doc = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Doc;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-team-cli-'));
  [ravi, dana, kim] = ['ravi', 'dana', 'kim'].map(at) as [string, string, string];
  file = at('team.json');
  ravisKey = cli(ravi, ['--json', 'identity', 'create', '--name', 'Ravi', '--email', 'ravi@example.org']).json()
    .keyId as string;
  expect(cli(dana, ['identity', 'create', '--name', 'Dana', '--email', 'dana@example.org']).code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('provdesk team create, add-member, set, import', () => {
  it('create makes version 1 with the local identity as admin; never over an existing file', () => {
    const made = cli(ravi, ['--json', 'team', 'create', '--name', 'Iris reviewers', '--role', 'reviewer', '-o', file]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.json()).toMatchObject({
      file,
      complete: true,
      version: 1,
      signed: true,
      name: 'Iris reviewers',
      adminQuorum: 1,
      requireSignedAuthorship: true,
      admins: [
        {
          email: 'ravi@example.org',
          keyId: ravisKey,
          fingerprint: expect.stringMatching(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/),
        },
      ],
      members: [{ email: 'ravi@example.org', roles: ['admin', 'reviewer'] }],
      signedBy: [{ keyId: ravisKey }],
      stillToSign: [],
    });
    expect(doc(file)).toMatchObject({
      signed: { _type: 'urn:provenance-desk:team:1', version: 1, previous: null },
      signatures: [{ keyid: ravisKey }],
    });
    const again = cli(ravi, ['team', 'create', '--name', 'Other', '-o', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists: team create never overwrites/);
    // no identity: exit 1, the rule named
    expect(cli(at('nobody'), ['team', 'create', '--name', 'X', '-o', at('x.json')]).code).toBe(1);
  });

  it('add-member and set write the next versions, each naming the one before; a non-admin cannot sign one (exit 1)', () => {
    const danaKey = cli(dana, ['--json', 'identity', 'show']).json().publicKey as string;
    const added = cli(ravi, [
      'team',
      'add-member',
      file,
      '--name',
      'Dana',
      '--email',
      'dana@example.org',
      '--public-key',
      danaKey,
      '--role',
      'reviewer',
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(
      /^Wrote version 2 of team Iris reviewers to .*team\.json, signed by Ravi <ravi@example\.org>\.\n {2}- added Dana <dana@example\.org> as reviewer/,
    );
    expect(
      cli(ravi, [
        'team',
        'add-member',
        file,
        '--name',
        'Lee',
        '--email',
        'lee@example.org',
        '--public-key',
        lee.publicKey,
        '--role',
        'reviewer',
      ]).code,
    ).toBe(0);
    copyFileSync(file, at('v3.json'));
    const set = cli(ravi, ['--json', 'team', 'set', file, '--quorum', '2', '--owners', 'training=ravi@example.org']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.json()).toMatchObject({
      version: 4,
      quorum: 2,
      moduleOwners: { training: ['ravi@example.org'] },
      notes: ['approval quorum: 1 → 2', 'owners of training: (none) → ravi@example.org'],
    });
    const written = doc(file);
    expect(written.signed.previous).toBe(teamVersionHash(doc(at('v3.json')).signed));
    expect(written.history).toHaveLength(3);

    const byDana = cli(dana, ['--json', 'team', 'set', file, '--quorum', '1', '-o', at('dana.json')]);
    expect(byDana.code).toBe(1);
    expect(byDana.json()).toMatchObject({
      error: {
        code: 'refused',
        reason: 'team-not-admin',
        message: expect.stringMatching(/only an admin of version 4 may sign version 5, and Dana <dana@example\.org>/),
      },
    });
    expect(cli(ravi, ['team', 'set', file, '--quorum', '2']).code).toBe(1); // nothing to change
    const two = cli(ravi, ['team', 'set', file, '--quorum', 'two']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('--quorum takes a whole number from 1 to 100, not "two"');
    // A wrong passphrase is the user's to fix (exit 2), not a rule the edit breaks; nothing is written.
    const wrong = runCli(['--store', ravi, '--json', 'team', 'set', file, '--quorum', '3', '-o', at('wrong.json')], {
      PROVDESK_PASSPHRASE: 'not the passphrase',
    });
    expect(wrong.code).toBe(2);
    expect(wrong.json()).toMatchObject({ error: { code: 'refused', reason: 'wrong-passphrase' } });
    expect(existsSync(at('wrong.json'))).toBe(false);
  });

  it('import pins the first version a store sees and prints the admins to check out of band', () => {
    const human = cli(kim, ['team', 'import', file]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(
      /^Imported the team file: version 4 \(versions 1, 2, 3, 4\)\.\nPinned the team at version 4\./,
    );
    expect(human.stdout).toMatch(/Compare these fingerprints with each admin\nover another channel/);
    expect(human.stdout).toContain(`  Ravi <ravi@example.org>\n    ${ravisKey.match(/.{4}/g)!.join(' ')}`);
    const again = cli(kim, ['--json', 'team', 'import', file]);
    expect(again.json()).toMatchObject({
      saved: true,
      changed: false,
      pinnedNow: null,
      version: 4,
      signed: true,
      pinned: { version: 4 },
    });
    const shown = cli(kim, ['--json', 'team', 'show']).json();
    expect(shown).toMatchObject({
      version: 4,
      signed: true,
      quorum: 2,
      adminQuorum: 1,
      pinned: { version: 4 },
      admins: [{ email: 'ravi@example.org' }],
      signers: [ravisKey],
      policy: { hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it('refuses a rollback, a version re-signed by a non-admin member, and a changed file under the same version (exit 1), keeping version 4', () => {
    const rollback = cli(kim, ['--json', 'team', 'import', at('v3.json')]);
    expect(rollback.code).toBe(1);
    expect(rollback.json()).toMatchObject({
      saved: false,
      version: 4,
      problems: [{ code: 'team-rollback', message: expect.stringMatching(/version 3, older than the version 4/) }],
    });

    const v4 = doc(file);
    const signed = { ...v4.signed, version: 5, previous: teamVersionHash(v4.signed), quorum: 1 };
    writeFileSync(
      at('forged.json'),
      JSON.stringify({
        signed,
        signatures: [signTeamVersion(signed, lee.privateKey, lee.keyId)],
        history: [...v4.history!, { signed: v4.signed, signatures: v4.signatures }],
      }),
    );
    const forged = cli(kim, ['team', 'import', at('forged.json')]);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toMatch(/^REFUSED: the team file was not imported; the store keeps version 4\./);
    expect(forged.stdout).toMatch(
      /team-not-signed-by-admins \[signed\]: version 5 is signed by 0 of the admins of version 4/,
    );

    writeFileSync(at('same-version.json'), JSON.stringify({ ...v4, signed: { ...v4.signed, quorum: 1 } }));
    const changed = cli(kim, ['--json', 'team', 'import', at('same-version.json')]);
    expect(changed.code).toBe(1);
    expect(changed.json()).toMatchObject({ saved: false, problems: [{ code: 'team-version-conflict' }] });
    expect(cli(kim, ['--json', 'team', 'show']).json()).toMatchObject({ version: 4, quorum: 2 });
  });

  it('refuses an unsigned team file naming `team create`, and what is not JSON (exit 2)', () => {
    writeFileSync(
      at('plain.json'),
      JSON.stringify({
        members: [{ name: 'Lee', email: 'lee@example.org', publicKey: lee.publicKey, roles: ['admin'] }],
      }),
    );
    const plain = cli(kim, ['--json', 'team', 'import', at('plain.json')]);
    expect(plain.code).toBe(2);
    expect(plain.json()).toMatchObject({
      saved: false,
      problems: [{ code: 'team-unsigned', message: expect.stringContaining('provdesk team create') }],
    });
    writeFileSync(at('junk.json'), 'not json');
    expect(cli(kim, ['team', 'import', at('junk.json')]).code).toBe(2);
    expect(cli(kim, ['team', 'import', at('missing.json')]).code).toBe(2);
  });
});
