import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, sampleBundle } from '../helpers/cli';
import { replacePayloadFiles } from '../helpers/zip-edit';

let dir: string;
let store: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-cli-list-'));
  store = path.join(dir, 'store');
  expect(runCli(['--store', store, 'import', sampleBundle]).code).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(['--store', store, ...args]);

it('list --state narrows to a replication state; every listed bundle says its state; a replay moves it', () => {
  expect(cli('list', '--json').json()).toMatchObject({
    bundles: [{ name: 'Iris species logistic regression', replication: 'pending' }],
  });
  expect(cli('list', '--state', 'pending', '--json').json().bundles).toHaveLength(1);
  expect(cli('list', '--state', 'reproduced', '--json').json()).toEqual({ bundles: [] });
  expect(cli('list', '--state', 'reproduced').stdout).toContain('No bundle matches.');

  const digest = (cli('list', '--json').json().bundles as { bundleDigest: string }[])[0]!.bundleDigest;
  expect(cli('replay', digest).code).toBe(0);
  expect(cli('list', '--state', 'reproduced', '--json').json()).toMatchObject({
    bundles: [{ bundleDigest: digest, replication: 'reproduced' }],
  });
  expect(cli('list').stdout).toMatch(/reproduced\s+\d{4}-/);
});

it('an unknown state is a usage error naming the choices', () => {
  const run = cli('list', '--state', 'done');
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(
    '--state takes pending, reproduced, not-reproduced, failed, approved, rejected, not "done"',
  );
});

it('a bundle whose replay could not run is listed as failed, not as not reproduced', async () => {
  // The sample with a model in a custom operator domain: the replay refuses it before the runtime sees it.
  const broken = path.join(dir, 'custom-op.bundle.zip');
  await replacePayloadFiles(sampleBundle, broken, () => ({
    'data/model/model.onnx': readFileSync(
      path.join(__dirname, '..', 'fixtures', 'replay', 'hostile', 'custom-domain.onnx'),
    ),
  }));
  expect(cli('import', broken).code).toBe(0);
  const digest = (cli('list', '--json').json().bundles as { bundleDigest: string; replication: string }[]).find(
    (b) => b.replication === 'pending',
  )!.bundleDigest;
  const replay = cli('replay', '--json', digest);
  expect(replay.code, replay.stderr).toBe(3);
  expect(replay.json()).toMatchObject({ verdict: 'failed' });

  expect(cli('list', '--state', 'failed', '--json').json()).toEqual({
    bundles: [expect.objectContaining({ bundleDigest: digest, replication: 'failed' })],
  });
  expect(cli('list', '--state', 'not-reproduced', '--json').json()).toEqual({ bundles: [] });
  expect(cli('list', '--state', 'failed').stdout).toMatch(new RegExp(`^${digest.slice(0, 16)} .* failed\\s+\\d{4}-`));
});
