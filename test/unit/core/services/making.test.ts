import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../../../src-main/core/services/dispatch';
import { makingHandlers } from '../../../../src-main/core/services/making';
import { importBundle } from '../../../../src-main/core/services/import-bundle';
import { openStore, type Store } from '../../../../src-main/core/store/store';
import { verifyBundle } from '../../../../src-main/core/bundle/verify-bundle';
import { SAMPLE_ENVIRONMENT, SAMPLE_PROVENANCE, makeRunFolder } from '../pack/run-folder';
import { RUN_ID, buildFileStore } from '../mlflow/mlflow-fixtures';

let dir: string;
let store: Store;
let call: (channel: string, request: unknown) => ReturnType<typeof dispatch>;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'making-'));
  store = await openStore(path.join(dir, 'store'));
  const handlers = makingHandlers(store, 'dana') as unknown as Handlers;
  call = (channel, request) => dispatch(handlers, channel, request);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function digestOf(file: string): Promise<string | null> {
  const v = await verifyBundle(file);
  await v.cleanup();
  return v.report.bundleDigest;
}

const value = <T>(r: Awaited<ReturnType<typeof dispatch>>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

describe('making channels (through dispatch)', () => {
  it('pack:plan shows every file with role and size, the metadata and replay; pack:write writes what was shown', async () => {
    const run = await makeRunFolder(dir, 'iris');
    const plan = value<{
      ready: boolean;
      files: { path: string; role: string; bytes: number }[];
      name: string;
      metrics: Record<string, number>;
      replay: boolean;
      environment: boolean;
      problems: unknown[];
    }>(await call('pack:plan', { dir: run }));
    expect(plan).toMatchObject({
      ready: true,
      name: 'Iris species logistic regression',
      replay: true,
      environment: true,
      problems: [],
      metrics: { accuracy: 1 },
    });
    expect(plan.files.map((f) => [f.path, f.role])).toEqual([
      ['code/train.py', 'code'],
      ['code/evaluate.py', 'code'],
      ['model/model.onnx', 'model'],
      ['eval/test.csv', 'data'],
      ['eval/predictions.csv', 'result'],
    ]);
    expect(plan.files.every((f) => f.bytes > 0)).toBe(true);

    const output = path.join(dir, 'iris.bundle.zip');
    const written = value<{ file: string; bundleDigest: string }>(await call('pack:write', { dir: run, output }));
    expect(written.file).toBe(output);
    expect(await digestOf(output)).toBe(written.bundleDigest);
    // never replaces a file
    expect(await call('pack:write', { dir: run, output })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/already exists/) },
    });
  });

  it('pack:plan reports a provenance.yaml mistake with its line and column instead of files', async () => {
    const run = await makeRunFolder(
      dir,
      'typo',
      SAMPLE_PROVENANCE.replace('role: model }', 'role: modle }') + SAMPLE_ENVIRONMENT,
    );
    const plan = value<{
      ready: boolean;
      files: unknown[];
      problems: { message: string; line: number; column: number }[];
    }>(await call('pack:plan', { dir: run }));
    expect(plan.ready).toBe(false);
    expect(plan.files).toEqual([]);
    expect(plan.problems[0]).toMatchObject({
      line: 16,
      column: 37,
      message: expect.stringMatching(/^provenance\.yaml:16:37: files\.2\.role: role must be one of/),
    });
    const missing = value<{ ready: boolean; problems: { message: string }[] }>(
      await call('pack:plan', { dir: path.join(dir, 'no-such-folder') }),
    );
    expect(missing).toMatchObject({
      ready: false,
      problems: [{ code: 'not-found', message: expect.stringMatching(/not a readable folder/) }],
    });
  });

  it('paths must be absolute and bounded; the request is refused before any handler runs', async () => {
    expect(await call('pack:plan', { dir: 'runs/iris' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/at dir: an absolute path/) },
    });
    expect(await call('pack:plan', { dir: `/${'a'.repeat(5000)}` })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/at most 4096/) },
    });
    expect(await call('pack:write', { dir: '/tmp/x', output: 'out.zip' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/at output/) },
    });
    expect(await call('mlflow:plan', { path: '/tmp/x', task: 'clustering' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(await call('pack:write', { dir: '/tmp/x', output: path.join(dir, 'no-folder', 'out.zip') })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringMatching(/does not exist/) },
    });
  });

  it('mlflow:plan summarises the run (params, latest metrics, model, replay) and mlflow:write writes it', async () => {
    const mlruns = await buildFileStore(dir, { version: '2.16' });
    const request = { path: mlruns, evalData: 'eval/test.csv', label: 'label' };
    const plan = value<{
      ready: boolean;
      runId: string;
      models: string[];
      replay: boolean;
      parameters: Record<string, unknown>;
      metrics: Record<string, number>;
      warnings: unknown[];
    }>(await call('mlflow:plan', request));
    expect(plan).toMatchObject({ ready: true, runId: RUN_ID, replay: true });
    expect(plan.models).toEqual(['model/model/model.onnx']);
    expect(Object.keys(plan.parameters).length).toBeGreaterThan(0);
    expect(plan.metrics).toHaveProperty('log_loss');
    const withoutData = value<{ replay: boolean; warnings: { code: string }[] }>(
      await call('mlflow:plan', { path: mlruns }),
    );
    expect(withoutData.replay).toBe(false);
    expect(withoutData.warnings.length).toBeGreaterThan(0);
    const output = path.join(dir, 'mlflow.bundle.zip');
    const written = value<{ bundleDigest: string }>(await call('mlflow:write', { ...request, output }));
    expect(await digestOf(output)).toBe(written.bundleDigest);
    expect(
      value<{ ready: boolean; problems: unknown[] }>(
        await call('mlflow:plan', { path: path.join(dir, 'nothing-here') }),
      ),
    ).toMatchObject({ ready: false, problems: [{ code: 'not-found' }] });
  });

  it('bundles:export: restricted data is refused without a grant, allowed with an override reason, and the digest is the one imported', async () => {
    const run = await makeRunFolder(
      dir,
      'restricted',
      SAMPLE_PROVENANCE.replace('license: BSD-3-Clause }', 'license: BSD-3-Clause, access: restricted }') +
        SAMPLE_ENVIRONMENT,
    );
    const bundle = path.join(dir, 'restricted.bundle.zip');
    value(await call('pack:write', { dir: run, output: bundle }));
    const imported = await importBundle(store, bundle, { actor: 'dana' });
    const digest = imported.bundleDigest as string;
    const output = path.join(dir, 'exported.bundle.zip');
    expect(await call('bundles:export', { digest, output })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringMatching(/override reason/) },
    });
    expect(existsSync(output)).toBe(false);
    expect(await call('bundles:export', { digest, output, override: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    const exported = value<{ file: string; bundleDigest: string }>(
      await call('bundles:export', { digest, output, override: 'sending to the reviewer under the DUA' }),
    );
    expect(exported).toEqual({ file: output, bundleDigest: digest, signer: null, replaced: false });
    expect(await digestOf(output)).toBe(digest);
    writeFileSync(path.join(dir, 'taken.zip'), 'x');
    expect(await call('bundles:export', { digest, output: path.join(dir, 'taken.zip'), override: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });
});
