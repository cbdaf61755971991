import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../../../src-main/core/services/dispatch';
import { makingHandlers } from '../../../../src-main/core/services/making';
import { importBundle } from '../../../../src-main/core/services/import-bundle';
import { openStore, type Store } from '../../../../src-main/core/store/store';
import { createIdentity } from '../../../../src-main/core/governance/local-identity';
import { scryptKeyProtector } from '../../../../src-main/core/keys/key-protector';
import type { TrustedKey } from '../../../../src-main/core/governance/team-file';
import { signBundle } from '../../../../src-main/core/services/sign-bundle';
import { sampleBundle } from '../../../helpers/cli';
import { SAMPLE_ENVIRONMENT, SAMPLE_PROVENANCE, makeRunFolder } from '../pack/run-folder';
import { RUN_ID, buildFileStore } from '../mlflow/mlflow-fixtures';
import { readSigned, testSigner } from './signing-fixtures';

const PASS = 'correct horse battery';
let dir: string;
let store: Store;
let bare: Store; // a store without an identity
let trusted: TrustedKey;
let call: (channel: string, request: unknown) => ReturnType<typeof dispatch>;
let callBare: typeof call;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'making-sign-'));
  store = await openStore(path.join(dir, 'store'));
  bare = await openStore(path.join(dir, 'bare'));
  const identity = await createIdentity(
    store,
    { name: 'Dana Reyes', email: 'dana@example.org' },
    scryptKeyProtector(PASS),
    'dana',
  );
  trusted = {
    keyId: identity.keyId,
    publicKey: identity.publicKey,
    name: identity.name,
    email: identity.email,
    roles: ['contributor'],
    revoked: false,
  };
  const protector = (p: string | undefined) => scryptKeyProtector(p ?? PASS);
  const handlers = makingHandlers(store, 'dana', protector) as unknown as Handlers;
  const bareHandlers = makingHandlers(bare, 'dana', protector) as unknown as Handlers;
  call = (channel, request) => dispatch(handlers, channel, request);
  callBare = (channel, request) => dispatch(bareHandlers, channel, request);
});
afterAll(() => {
  store.close();
  bare.close();
  rmSync(dir, { recursive: true, force: true });
});

const value = <T>(r: Awaited<ReturnType<typeof dispatch>>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const audits = (s: Store, action: string) =>
  s
    .all<{ subject: string; details_json: string }>(
      'SELECT subject, details_json FROM audit_log WHERE action = ? ORDER BY seq',
      [action],
    )
    .map((r) => ({ subject: r.subject, ...(JSON.parse(r.details_json) as Record<string, unknown>) }));
const signAudits = (s: Store) => audits(s, 'bundle.sign');
const dana = { name: 'Dana Reyes', email: 'dana@example.org' };

describe('signing from the making channels', () => {
  it('pack:write with sign writes a bundle signed by the local identity, audited as bundle.sign', async () => {
    const run = await makeRunFolder(dir, 'iris');
    const output = path.join(dir, 'iris.bundle.zip');
    const written = value<{ bundleDigest: string; signer: { keyId: string } }>(
      await call('pack:write', { dir: run, output, sign: true, passphrase: PASS }),
    );
    expect(written.signer).toEqual({ ...dana, keyId: trusted.keyId });
    const read = await readSigned(output, [trusted]);
    expect(read.report.valid).toBe(true);
    expect(read.authorship).toMatchObject({
      signature: 'valid',
      problems: [],
      bundleName: 'Iris species logistic regression',
    });
    expect(signAudits(store).at(-1)).toEqual({
      subject: written.bundleDigest,
      file: 'iris.bundle.zip',
      keyId: trusted.keyId,
      replaced: false,
      via: 'pack',
      osUser: 'dana',
    });
    // The identity that signed is the actor (issue 17); the OS user is kept in the details.
    expect(
      store.get<{ actor: string }>(
        "SELECT actor FROM audit_log WHERE action = 'bundle.sign' ORDER BY seq DESC LIMIT 1",
      )!.actor,
    ).toBe('Dana Reyes <dana@example.org>');
    // without sign: no envelope
    const plain = value<{ signer: unknown }>(
      await call('pack:write', { dir: run, output: path.join(dir, 'plain.bundle.zip') }),
    );
    expect(plain.signer).toBeNull();
    expect(
      (await readSigned(path.join(dir, 'plain.bundle.zip'), [trusted])).tags['authorship.dsse.json'],
    ).toBeUndefined();
  });

  it('a wrong passphrase or a store without an identity is refused before anything is written', async () => {
    const run = await makeRunFolder(dir, 'refusals', SAMPLE_PROVENANCE + SAMPLE_ENVIRONMENT);
    const output = path.join(dir, 'refused.bundle.zip');
    expect(await call('pack:write', { dir: run, output, sign: true, passphrase: 'not the passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringMatching(/wrong passphrase/) },
    });
    expect(await callBare('pack:write', { dir: run, output, sign: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/no signing identity/) },
    });
    expect(existsSync(output)).toBe(false);
  });

  it('mlflow:write with sign names the signer', async () => {
    const mlruns = await buildFileStore(dir, { version: '2.16' });
    const output = path.join(dir, 'mlflow.bundle.zip');
    const written = value<{ signer: unknown }>(
      await call('mlflow:write', { path: mlruns, runId: RUN_ID, output, sign: true }),
    );
    expect(written.signer).toEqual({ ...dana, keyId: trusted.keyId });
    expect((await readSigned(output, [trusted])).authorship).toMatchObject({ signature: 'valid', problems: [] });
  });

  it('bundles:export keeps a stored envelope byte for byte; signing over it needs replace; an unsigned one is signed', async () => {
    const kim = testSigner('Kim');
    const signedByKim = path.join(dir, 'kim.bundle.zip');
    await signBundle(sampleBundle, signedByKim, { signer: kim.signer });
    const digest = (await importBundle(store, signedByKim, { actor: 'dana' })).bundleDigest as string;
    const stored = (await readSigned(signedByKim, [])).tags['authorship.dsse.json']!;

    const kept = path.join(dir, 'kept.bundle.zip');
    expect(value(await call('bundles:export', { digest, output: kept }))).toEqual({
      file: kept,
      bundleDigest: digest,
      signer: null,
      replaced: false,
    });
    const keptRead = await readSigned(kept, [kim.trusted]);
    expect(keptRead.report).toMatchObject({ valid: true, bundleDigest: digest });
    expect(keptRead.tags['authorship.dsse.json']).toEqual(stored);
    expect(keptRead.authorship).toMatchObject({ signature: 'valid', keyId: kim.signer.keyId });

    const over = path.join(dir, 'over.bundle.zip');
    expect(await call('bundles:export', { digest, output: over, sign: true })).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: expect.stringMatching(/already signed by Kim <kim@example\.org>/),
        details: { reason: 'already-signed' },
      },
    });
    expect(existsSync(over)).toBe(false);
    const replaced = value<{ signer: unknown; replaced: boolean }>(
      await call('bundles:export', { digest, output: over, sign: true, replace: true }),
    );
    expect(replaced).toMatchObject({ signer: { ...dana, keyId: trusted.keyId }, replaced: true });
    const overRead = await readSigned(over, [trusted, kim.trusted]);
    expect(overRead.report).toMatchObject({ valid: true, bundleDigest: digest });
    expect(overRead.authorship).toMatchObject({ signature: 'valid', keyId: trusted.keyId, problems: [] });
    expect(signAudits(store).at(-1)).toEqual({
      subject: digest,
      file: 'over.bundle.zip',
      keyId: trusted.keyId,
      replaced: true,
      via: 'export',
      osUser: 'dana',
    });

    // a stored bundle without a signature is signed on export; the export entry names the key
    const run = await makeRunFolder(
      dir,
      'unsigned',
      SAMPLE_PROVENANCE.replace('C: 1.0', 'C: 2.0') + SAMPLE_ENVIRONMENT,
    );
    value(await call('pack:write', { dir: run, output: path.join(dir, 'unsigned.bundle.zip') }));
    const plainDigest = (await importBundle(store, path.join(dir, 'unsigned.bundle.zip'), { actor: 'dana' }))
      .bundleDigest as string;
    const fresh = path.join(dir, 'fresh.bundle.zip');
    expect(value(await call('bundles:export', { digest: plainDigest, output: fresh, sign: true }))).toEqual({
      file: fresh,
      bundleDigest: plainDigest,
      signer: { ...dana, keyId: trusted.keyId },
      replaced: false,
    });
    expect((await readSigned(fresh, [trusted])).authorship).toMatchObject({ signature: 'valid', problems: [] });
    expect(audits(store, 'bundle.export').at(-1)).toEqual({
      subject: plainDigest,
      file: 'fresh.bundle.zip',
      signedBy: trusted.keyId,
    });
  });
});
