import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { SAMPLE_PROVENANCE, makeRunFolder } from '../unit/core/pack/run-folder';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-pack-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('provdesk pack', () => {
  it('packs a run folder; the bundle verifies and replays as reproduced', async () => {
    const run = await makeRunFolder(dir, 'iris');
    const out = path.join(dir, 'iris.bundle.zip');
    const packed = runCli(['--json', 'pack', run, '-o', out]);
    expect(packed.code, packed.stderr).toBe(0);
    const json = packed.json();
    expect(json).toMatchObject({ file: out, bundleDigest: expect.stringMatching(/^[0-9a-f]{64}$/), warnings: [] });

    const verified = runCli(['--json', 'verify', out]);
    expect(verified.code).toBe(0);
    expect(verified.json()).toMatchObject({ valid: true, bundleDigest: json['bundleDigest'], problems: [] });
    const replay = runCli(['--json', 'replay', out]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.json()['verdict']).toBe('reproduced');
  });

  it('a provenance.yaml with mistakes: exit 2 and every problem with its line', async () => {
    const run = await makeRunFolder(
      dir,
      'bad',
      SAMPLE_PROVENANCE.replace('role: model }', 'role: weights }').replace('license: MIT', 'license: MIT-ish'),
    );
    const human = runCli(['pack', run, '-o', path.join(dir, 'bad.zip')]);
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(/provenance\.yaml:7:10: license: /);
    expect(human.stderr).toMatch(/provenance\.yaml:\d+:37: files\.2\.role: role must be one of/);
    const json = runCli(['--json', 'pack', run, '-o', path.join(dir, 'bad.zip')]);
    expect(json.code).toBe(2);
    const error = json.json()['error'] as { code: string; problems: { line: number }[] };
    expect(error.code).toBe('invalid-request');
    expect(error.problems.map((p) => p.line)).toEqual([7, expect.any(Number)]);
    expect(existsSync(path.join(dir, 'bad.zip'))).toBe(false);
  });

  it('refuses a symbolic link with exit 2', async () => {
    const run = await makeRunFolder(
      dir,
      'link',
      SAMPLE_PROVENANCE.replace('files:\n', 'files:\n  - { path: linked.csv, role: data }\n'),
    );
    writeFileSync(path.join(dir, 'secret.csv'), 'x\n');
    symlinkSync(path.join(dir, 'secret.csv'), path.join(run, 'linked.csv'));
    const r = runCli(['pack', run, '-o', path.join(dir, 'link.zip')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/linked\.csv is a symbolic link; links are not followed/);
  });

  it('--init writes the template once; pack without -o is a usage error', () => {
    const target = path.join(dir, 'fresh');
    const first = runCli(['--json', 'pack', '--init', target]);
    expect(first.code).toBe(0);
    expect(first.json()).toEqual({ file: path.join(target, 'provenance.yaml') });
    const again = runCli(['pack', '--init', target]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; it is not overwritten/);
    expect(runCli(['pack', target]).code).toBe(2);
  });
});
