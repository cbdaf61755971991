import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, sampleBundle } from '../helpers/cli';

/**
 * Identities, the team, approvals and attestation verification through the built CLI: a reviewer (Ravi)
 * and the sample's author (Dana) each have a store; a third, fresh store verifies Ravi's exported decision.
 */

const env = { PROVDESK_PASSPHRASE: 'correct horse battery' };
let dir: string;
let ravi: string;
let dana: string;
let fresh: string;
let teamFile: string;
let digest: string;
let decisionFile: string;

const cli = (store: string, args: string[], extra: Record<string, string> = {}) =>
  runCli(['--store', store, ...args], { ...env, ...extra });

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-gov-cli-'));
  [ravi, dana, fresh] = ['ravi', 'dana', 'fresh'].map((n) => path.join(dir, n)) as [string, string, string];
  teamFile = path.join(dir, 'team.json');
  decisionFile = path.join(dir, 'decision.json');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('provdesk identity, team, approve, attestation verify', () => {
  it('identity create needs a passphrase; then makes an Ed25519 identity that identity show prints', () => {
    const none = cli(ravi, ['identity', 'create', '--name', 'Ravi', '--email', 'ravi@example.org'], {
      PROVDESK_PASSPHRASE: '',
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/set PROVDESK_PASSPHRASE/);
    const made = cli(ravi, ['--json', 'identity', 'create', '--name', 'Ravi', '--email', 'ravi@example.org']);
    expect(made.code, made.stderr).toBe(0);
    expect(made.json()).toMatchObject({
      name: 'Ravi',
      email: 'ravi@example.org',
      keyId: expect.stringMatching(/^[0-9a-f]{64}$/),
      publicKey: expect.any(String),
    });
    const shown = cli(ravi, ['--json', 'identity', 'show']);
    expect(shown.json()).toMatchObject({ keyId: made.json().keyId });
    expect(
      cli(dana, ['--json', 'identity', 'create', '--name', 'Dana Reyes', '--email', 'dana.reyes@example.org']).code,
    ).toBe(0);
    expect(cli(fresh, ['identity', 'show']).code).toBe(2);
    // A second identity conflicts with the user's own store: theirs to change (exit 2, not 3).
    const twice = cli(ravi, ['--json', 'identity', 'create', '--name', 'Ravi', '--email', 'ravi@example.org']);
    expect(twice.code).toBe(2);
    expect(twice.json()).toMatchObject({
      error: { code: 'conflict', message: expect.stringContaining('already has an identity') },
    });
    const badEmail = cli(fresh, ['identity', 'create', '--name', 'Fay', '--email', 'not-an-email']);
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain('--email: an email address');
  });

  it('team import: a bad or unsigned file is refused with its problems (exit 2); a signed one made with team create is stored and shown', () => {
    const r = cli(ravi, ['--json', 'identity', 'show']).json();
    const d = cli(dana, ['--json', 'identity', 'show']).json();
    writeFileSync(
      path.join(dir, 'bad-team.json'),
      JSON.stringify({
        signed: { members: [{ name: 'x', email: 'x@example.org', publicKey: 'nope' }] },
        signatures: [],
      }),
    );
    const bad = cli(ravi, ['--json', 'team', 'import', path.join(dir, 'bad-team.json')]);
    expect(bad.code).toBe(2);
    expect(bad.json()).toMatchObject({
      saved: false,
      problems: expect.arrayContaining([expect.objectContaining({ code: 'team-invalid' })]),
    });
    writeFileSync(
      path.join(dir, 'plain-team.json'),
      JSON.stringify({
        members: [r, d].map((m) => ({ name: m.name, email: m.email, publicKey: m.publicKey, roles: ['reviewer'] })),
      }),
    );
    expect(cli(ravi, ['--json', 'team', 'import', path.join(dir, 'plain-team.json')]).json()).toMatchObject({
      saved: false,
      problems: [{ code: 'team-unsigned' }],
    });
    expect(cli(ravi, ['team', 'create', '--name', 'Iris reviewers', '--role', 'reviewer', '-o', teamFile]).code).toBe(
      0,
    );
    expect(
      cli(ravi, [
        'team',
        'add-member',
        teamFile,
        '--name',
        String(d.name),
        '--email',
        String(d.email),
        '--public-key',
        String(d.publicKey),
        '--role',
        'reviewer',
      ]).code,
    ).toBe(0);
    // The sample bundle carries no author signature: these tests are about decisions, not authorship.
    expect(
      cli(ravi, [
        'team',
        'set',
        teamFile,
        '--owners',
        'training=ravi@example.org',
        '--require-signed-authorship',
        'false',
      ]).code,
    ).toBe(0);
    for (const store of [ravi, dana]) expect(cli(store, ['team', 'import', teamFile]).code).toBe(0);
    const shown = cli(ravi, ['--json', 'team', 'show']);
    expect(shown.json()).toMatchObject({
      version: 3,
      quorum: 1,
      members: [{ email: 'ravi@example.org', keyId: r.keyId }, { email: 'dana.reyes@example.org' }],
      moduleOwners: { training: ['ravi@example.org'] },
      policy: { hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it('approve is blocked (exit 1) until a replay exists, then records a signed decision', () => {
    const imported = cli(ravi, ['--json', 'import', sampleBundle]);
    digest = imported.json().bundleDigest as string;
    const blocked = cli(ravi, [
      '--json',
      'approve',
      digest.slice(0, 12),
      '--decision',
      'approve',
      '--reason',
      'looks fine',
    ]);
    expect(blocked.code).toBe(1);
    expect(blocked.json()).toMatchObject({
      accepted: false,
      approval: null,
      problems: [{ code: 'approval-blocked', rule: 'replay-reproduced' }],
      state: 'pending',
    });
    // In words, each blocking rule with the command that clears it.
    expect(cli(ravi, ['approve', digest, '--decision', 'approve', '--reason', 'looks fine']).stdout).toContain(
      'Replay reproduced: There is no replay of this bundle yet: replay it. (provdesk replay DIGEST)',
    );
    const usage = cli(ravi, ['approve', digest, '--decision', 'approve', '--reason', 'x', '--justify', 'accuracy']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--justify takes metric=text/);
    expect(cli(ravi, ['replay', digest]).code).toBe(0);
    // A wrong passphrase is the user's to fix (exit 2), as for sign and export --sign; nothing is recorded.
    const wrong = cli(ravi, ['--json', 'approve', digest, '--decision', 'approve', '--reason', 'x'], {
      PROVDESK_PASSPHRASE: 'not the passphrase',
    });
    expect(wrong.code).toBe(2);
    expect(wrong.json()).toMatchObject({ error: { code: 'refused', reason: 'wrong-passphrase', input: true } });
    const done = cli(ravi, [
      '--json',
      'approve',
      digest.slice(0, 12),
      '--decision',
      'approve',
      '--reason',
      'reproduced on my machine',
      '-o',
      decisionFile,
    ]);
    expect(done.code, done.stderr).toBe(0);
    const out = done.json() as { accepted: boolean; state: string; approval: { payloadType: string }; file: string };
    expect(out).toMatchObject({
      accepted: true,
      state: 'approved',
      bundleDigest: digest,
      decision: 'approve',
      approval: { payloadType: 'application/vnd.in-toto+json' },
      file: decisionFile,
      approvals: 1,
      quorum: 1,
      supersedes: null,
    });
    expect(JSON.parse(readFileSync(decisionFile, 'utf8'))).toEqual(out.approval);
    // The same reviewer again: recorded as a replacement of the first, still one approval of one (issue 17).
    const again = cli(ravi, ['approve', digest, '--decision', 'approve', '--reason', 'checked again']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Replaces your earlier decision \(approve, /);
    expect(again.stdout).toContain('Bundle state: approved, 1 of 1 required approval holds');
  });

  it('the author cannot approve their own run, and the human output names the rule', () => {
    // Dana signs her run before sending it: the signature, not the metadata, makes her its author.
    const signed = path.join(dir, 'dana-signed.zip');
    expect(cli(dana, ['sign', sampleBundle, '-o', signed]).code).toBe(0);
    expect(cli(dana, ['import', signed]).code).toBe(0);
    expect(cli(dana, ['replay', digest]).code).toBe(0);
    const own = cli(dana, ['approve', digest, '--decision', 'approve', '--reason', 'mine']);
    expect(own.code).toBe(1);
    expect(own.stdout).toMatch(/^BLOCKED: the decision was not recorded \(1 rule blocks it\)/);
    expect(own.stdout).toMatch(/Not the run author: You \(dana.reyes@example.org\) signed this run as its author/);
  });

  it('the exported decision verifies in a fresh store holding only the team file, against the bundle file', () => {
    expect(cli(fresh, ['team', 'import', teamFile]).code).toBe(0);
    const ok = cli(fresh, ['--json', 'attestation', 'verify', decisionFile, '--bundle', sampleBundle]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.json()).toMatchObject({
      valid: true,
      signer: { name: 'Ravi', email: 'ravi@example.org' },
      bundleDigest: digest,
      decision: 'approve',
      problems: [],
    });
    const human = cli(fresh, ['attestation', 'verify', decisionFile]);
    expect(human.stdout).toMatch(/^VALID: approve of bundle [0-9a-f]{64}\n {2}signed by {2}Ravi <ravi@example.org>/);
  });

  it('a tampered decision, or one checked against no team, is rejected (exit 1)', () => {
    const envelope = JSON.parse(readFileSync(decisionFile, 'utf8')) as { payload: string };
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as {
      predicate: { decision: string };
    };
    statement.predicate.decision = 'reject';
    const tampered = path.join(dir, 'tampered.json');
    writeFileSync(
      tampered,
      JSON.stringify({ ...envelope, payload: Buffer.from(JSON.stringify(statement)).toString('base64') }),
    );
    const bad = cli(fresh, ['--json', 'attestation', 'verify', tampered]);
    expect(bad.code).toBe(1);
    expect(bad.json()).toMatchObject({ valid: false, problems: [{ code: 'attestation-bad-signature' }] });
    const wrongType = path.join(dir, 'wrong-type.json');
    writeFileSync(wrongType, JSON.stringify({ ...envelope, payloadType: 'application/json' }));
    expect(cli(fresh, ['--json', 'attestation', 'verify', wrongType]).json()).toMatchObject({
      valid: false,
      problems: [{ code: 'attestation-payload-type' }],
    });
    // Dana's store without the team file would trust only Dana's key: Ravi's is unknown there.
    const lonely = path.join(dir, 'lonely');
    expect(cli(lonely, ['identity', 'create', '--name', 'Kim', '--email', 'kim@example.org']).code).toBe(0);
    expect(cli(lonely, ['--json', 'attestation', 'verify', decisionFile]).json()).toMatchObject({
      valid: false,
      problems: [{ code: 'attestation-unknown-key' }],
    });
    expect(cli(fresh, ['attestation', 'verify', path.join(dir, 'missing.json')]).code).toBe(2);
  });
});
