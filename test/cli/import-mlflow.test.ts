import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { RUN_ID, buildDatabase, buildFileStore } from '../unit/core/mlflow/mlflow-fixtures';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-mlflow-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('provdesk import-mlflow', () => {
  it('converts a file-store run: JSON with the digest, the file and every warning; the bundle verifies and replays', async () => {
    const root = await buildFileStore(dir, { version: '2.22', windowsUri: true });
    const out = path.join(dir, 'run.bundle.zip');
    const r = runCli([
      '--json',
      'import-mlflow',
      root,
      '-o',
      out,
      '--run-id',
      RUN_ID,
      '--eval-data',
      'eval/test.csv',
      '--label',
      'label',
      '--license',
      'MIT',
      '--author',
      'Dana Reyes <dana@example.org>',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = r.json() as { bundleDigest: string; file: string; warnings: { code: string; message: string }[] };
    expect(json.file).toBe(out);
    expect(json.bundleDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(json.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining([
        'mlflow-artifacts-rebased',
        'mlflow-dataset-weak-digest',
        'mlflow-dataset-not-packed',
        'mlflow-metric-not-finite',
      ]),
    );
    expect(json.warnings.map((w) => w.code)).not.toContain('mlflow-author-from-user');

    const verified = runCli(['--json', 'verify', out]);
    expect(verified.code).toBe(0);
    expect(verified.json()['bundleDigest']).toBe(json.bundleDigest);
    const inspect = runCli(['--json', 'inspect', out]);
    expect(inspect.json()['author']).toMatchObject({ name: 'Dana Reyes', email: 'dana@example.org' });
    const replay = runCli(['--json', 'replay', out]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.json()['verdict']).toBe('reproduced');
  });

  it('reads an mlflow.db; the human output lists the warnings', async () => {
    const db = await buildDatabase(path.join(dir, 'db'));
    const r = runCli(['import-mlflow', db, '-o', path.join(dir, 'db.bundle.zip')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Warnings \(what could not be mapped\) \(\d+\):/);
    expect(r.stdout).toContain('mlflow-replay-no-data');
  });

  it('usage errors exit 2 and write nothing', async () => {
    const db = await buildDatabase(path.join(dir, 'db-usage'), { secondRun: true });
    const out = path.join(dir, 'never.zip');
    expect(runCli(['import-mlflow', db]).code).toBe(2); // no -o
    const many = runCli(['import-mlflow', db, '-o', out]);
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/pick one with --run-id/);
    expect(runCli(['import-mlflow', db, '-o', out, '--run-id', RUN_ID, '--task', 'ranking']).stderr).toMatch(
      /--task takes classification, regression, text-classification, tensor, not "ranking"/,
    );
    expect(runCli(['import-mlflow', db, '-o', out, '--run-id', RUN_ID, '--license', 'apache 2']).code).toBe(2);
    expect(runCli(['import-mlflow', path.join(dir, 'missing'), '-o', out]).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
