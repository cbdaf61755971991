import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sampleBundle } from '../helpers/cli';
import { tamperPayload } from '../helpers/zip-edit';
import { makeRunFolder } from '../unit/core/pack/run-folder';

const env = { PROVDESK_PASSPHRASE: 'correct horse battery' };
let dir: string;
let dana: string; // a store with an identity
let kim: string;
let bare: string; // a store without one
let sampleDigest: string;
const cli = (store: string, args: string[], extra: Record<string, string> = env) =>
  runCli(['--json', '--store', store, ...args], extra);
/** The store's audit entries of one action, as `audit export` writes them. */
function audits(store: string, action: string): { subject: string; details: Record<string, unknown> }[] {
  const file = path.join(dir, `${path.basename(store)}-${Date.now()}.jsonl`);
  expect(cli(store, ['audit', 'export', '--format', 'jsonl', '-o', file]).code).toBe(0);
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { action: string; subject: string; details: Record<string, unknown> })
    .filter((e) => e.action === action);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-sign-cli-'));
  dana = path.join(dir, 'dana');
  kim = path.join(dir, 'kim');
  bare = path.join(dir, 'bare');
  expect(cli(dana, ['identity', 'create', '--name', 'Dana Reyes', '--email', 'dana@example.org']).code).toBe(0);
  expect(cli(kim, ['identity', 'create', '--name', 'Kim Lee', '--email', 'kim@example.org']).code).toBe(0);
  sampleDigest = runCli(['--json', 'verify', sampleBundle]).json()['bundleDigest'] as string;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const keyOf = (store: string) => cli(store, ['identity', 'show']).json()['keyId'] as string;

describe('provdesk sign', () => {
  it('writes a signed copy with the same bundle digest; verify still says valid; the signing is audited in the signer store', () => {
    const out = path.join(dir, 'signed.zip');
    const r = cli(dana, ['sign', sampleBundle, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual({
      file: out,
      bundleDigest: sampleDigest,
      signer: { name: 'Dana Reyes', email: 'dana@example.org', keyId: keyOf(dana) },
      replaced: false,
      replacedSigner: null,
      signedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const verified = runCli(['--json', 'verify', out]);
    expect(verified.json()).toMatchObject({ valid: true, bundleDigest: sampleDigest });
    // The identity that signed is the entry's actor (issue 17), the OS account a detail.
    expect(audits(dana, 'bundle.sign')).toEqual([
      expect.objectContaining({
        actor: 'Dana Reyes <dana@example.org>',
        subject: sampleDigest,
        details: { osUser: expect.any(String), file: 'signed.zip', keyId: keyOf(dana), replaced: false, via: 'sign' },
      }),
    ]);
    const human = runCli(['--store', dana, 'sign', sampleBundle, '-o', path.join(dir, 'human.zip')], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^Signed .*human\.zip as Dana Reyes <dana@example\.org> \(key [0-9a-f]{16}\) at .*\n  bundle digest [0-9a-f]{64} \(unchanged\)/,
    );
  });

  it('an already signed bundle: exit 2 naming the signer unless --replace', () => {
    const signed = path.join(dir, 'signed.zip');
    if (!existsSync(signed)) cli(dana, ['sign', sampleBundle, '-o', signed]);
    const again = cli(kim, ['sign', signed, '-o', path.join(dir, 'again.zip')]);
    expect(again.code).toBe(2);
    expect(again.json()['error']).toMatchObject({
      code: 'conflict',
      reason: 'already-signed',
      signer: { name: 'Dana Reyes', email: 'dana@example.org' },
      message: expect.stringMatching(/already signed by Dana Reyes <dana@example\.org>.*pass --replace/),
    });
    expect(existsSync(path.join(dir, 'again.zip'))).toBe(false);
    const replaced = cli(kim, ['sign', signed, '-o', path.join(dir, 'again.zip'), '--replace']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.json()).toMatchObject({
      replaced: true,
      replacedSigner: { name: 'Dana Reyes' },
      signer: { name: 'Kim Lee', keyId: keyOf(kim) },
      bundleDigest: sampleDigest,
    });
  });

  it('exit codes: 1 does not verify, 2 no identity / existing output / unreadable / no passphrase', async () => {
    const tampered = path.join(dir, 'tampered.zip');
    await tamperPayload(sampleBundle, tampered, 'eval/test.csv');
    const invalid = cli(dana, ['sign', tampered, '-o', path.join(dir, 'x1.zip')]);
    expect(invalid.code).toBe(1);
    expect(invalid.json()['error']).toMatchObject({
      code: 'refused',
      reason: 'invalid',
      problems: [expect.objectContaining({ code: 'checksum-mismatch' })],
    });
    const noIdentity = cli(bare, ['sign', sampleBundle, '-o', path.join(dir, 'x2.zip')]);
    expect(noIdentity.code).toBe(2);
    expect(noIdentity.json()['error']).toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/no signing identity/),
    });
    writeFileSync(path.join(dir, 'taken.zip'), 'x');
    const taken = cli(dana, ['sign', sampleBundle, '-o', path.join(dir, 'taken.zip')]);
    expect(taken.code).toBe(2);
    expect(taken.json()['error']).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/taken\.zip already exists/),
    });
    expect(cli(dana, ['sign', path.join(dir, 'missing.zip'), '-o', path.join(dir, 'x3.zip')]).code).toBe(2);
    expect(cli(dana, ['sign', sampleBundle, '-o', path.join(dir, 'x4.zip')], { PROVDESK_PASSPHRASE: '' }).code).toBe(2);
    expect(
      cli(dana, ['sign', sampleBundle, '-o', path.join(dir, 'x5.zip')], { PROVDESK_PASSPHRASE: 'wrong passphrase' })
        .code,
    ).toBe(2);
    expect(cli(dana, ['sign', sampleBundle]).code).toBe(2);
    for (const n of ['x1', 'x2', 'x3', 'x4', 'x5']) expect(existsSync(path.join(dir, `${n}.zip`))).toBe(false);
  });

  it('pack --sign and export --sign [--replace]: JSON gains signer; export keeps a signature unless asked', async () => {
    const run = await makeRunFolder(dir, 'iris');
    const packed = cli(dana, ['pack', run, '-o', path.join(dir, 'packed.zip'), '--sign']);
    expect(packed.code, packed.stderr).toBe(0);
    expect(packed.json()).toMatchObject({
      file: path.join(dir, 'packed.zip'),
      signer: { name: 'Dana Reyes', keyId: keyOf(dana) },
      warnings: [],
    });
    const plain = cli(dana, ['pack', run, '-o', path.join(dir, 'plain.zip')]);
    expect(plain.json()).toMatchObject({ signer: null, bundleDigest: packed.json()['bundleDigest'] });
    expect(cli(bare, ['pack', run, '-o', path.join(dir, 'x6.zip'), '--sign']).code).toBe(2);

    const digest = packed.json()['bundleDigest'] as string;
    expect(cli(kim, ['import', path.join(dir, 'packed.zip')]).code).toBe(0);
    const kept = cli(kim, ['export', digest, '-o', path.join(dir, 'kept.zip')]);
    expect(kept.json()).toEqual({
      file: path.join(dir, 'kept.zip'),
      bundleDigest: digest,
      signer: null,
      replaced: false,
    });
    const refused = cli(kim, ['export', digest, '-o', path.join(dir, 'over.zip'), '--sign']);
    expect(refused.code).toBe(2);
    expect(refused.json()['error']).toMatchObject({
      reason: 'already-signed',
      message: expect.stringMatching(/pass --replace/),
    });
    const over = cli(kim, ['export', digest, '-o', path.join(dir, 'over.zip'), '--sign', '--replace']);
    expect(over.code, over.stderr).toBe(0);
    expect(over.json()).toEqual({
      file: path.join(dir, 'over.zip'),
      bundleDigest: digest,
      signer: { name: 'Kim Lee', email: 'kim@example.org', keyId: keyOf(kim) },
      replaced: true,
    });
    expect(runCli(['--json', 'verify', path.join(dir, 'over.zip')]).json()).toMatchObject({
      valid: true,
      bundleDigest: digest,
    });
    expect(cli(kim, ['export', digest, '-o', path.join(dir, 'x7.zip'), '--replace']).code).toBe(2);
    expect(audits(kim, 'bundle.sign').at(-1)).toMatchObject({
      subject: digest,
      details: { file: 'over.zip', replaced: true, via: 'export' },
    });
  });
});
