import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initProvenance, templatePath } from '../../../../src-main/core/pack/init-template';
import { packFolder, planPack } from '../../../../src-main/core/pack/pack-folder';
import { replayBundleFile } from '../../../../src-main/core/services/replay-bundle';
import { readWritten } from '../bundle-writer/written-bundle';
import { workerFor } from '../replay/replay-fixture';
import { SAMPLE_ENVIRONMENT, SAMPLE_PROVENANCE, makeRunFolder } from './run-folder';

let dir: string;
let worker: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pack-'));
  worker = await workerFor('pack');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pack', () => {
  it('round trip: a correct run folder packs into a bundle that verifies, reads cleanly and replays as reproduced', async () => {
    const run = await makeRunFolder(dir, 'iris');
    const out = path.join(dir, 'iris.bundle.zip');
    const packed = await packFolder(run, out);
    expect(packed.warnings).toEqual([]);
    const { report, meta } = await readWritten(out);
    expect(report).toMatchObject({ valid: true, problems: [], warnings: [], bundleDigest: packed.bundleDigest });
    expect(meta.problems).toEqual([]);
    expect(meta.completeness.level).toBe('green');
    expect(meta.run?.metrics).toEqual({ accuracy: 1, macro_f1: 1, log_loss: 0.1357988963001221 });
    expect(Object.fromEntries(meta.files.map((f) => [f.path, f.role]))).toEqual({
      'code/train.py': 'code',
      'code/evaluate.py': 'code',
      'model/model.onnx': 'model',
      'eval/test.csv': 'data',
      'eval/predictions.csv': 'result',
      'replay.json': 'metadata',
      'env/environment.json': 'environment',
      'ro-crate-metadata.json': 'metadata',
    });
    expect(meta.modules.map((m) => [m.name, m.files])).toEqual([
      ['data-loader', ['code/evaluate.py']],
      ['training', ['code/train.py']],
    ]);

    const replay = await replayBundleFile(out, { workerScript: worker });
    expect(replay.outcome.verdict, replay.outcome.reason ?? '').toBe('reproduced');
    expect(replay.bundleDigest).toBe(packed.bundleDigest);
    // same payload bytes as the sample for the files the run produced
    expect(meta.files.find((f) => f.path === 'model/model.onnx')?.sha256).toBe(
      '28cf313c0cc7daf01b2762dfc082c1f2c63c35709c67e9c06b21ed3696ffdf27',
    );
  });

  it('a reported metric that is wrong gives not-reproduced', async () => {
    const run = await makeRunFolder(
      dir,
      'wrong',
      SAMPLE_PROVENANCE.replace('log_loss: 0.1357988963001221', 'log_loss: 0.2') + SAMPLE_ENVIRONMENT,
    );
    const out = path.join(dir, 'wrong.bundle.zip');
    await packFolder(run, out);
    const replay = await replayBundleFile(out, { workerScript: worker });
    expect(replay.outcome.verdict).toBe('not-reproduced');
  });

  it('without an environment: records this machine, reads pins from requirements.txt and the ONNX opset, and warns about the rest', async () => {
    const yaml = SAMPLE_PROVENANCE.replace('files:\n', 'files:\n  - { path: requirements.txt, role: environment }\n');
    const run = await makeRunFolder(dir, 'noenv', yaml);
    writeFileSync(path.join(run, 'requirements.txt'), 'numpy==1.26.4\nscikit-learn>=1.2\n');
    const plan = await planPack(run);
    expect(plan.description.environment).toMatchObject({
      arch: expect.any(String),
      os: expect.any(String),
      packages: { numpy: '1.26.4' },
      onnx: { opset: expect.any(Number) },
    });
    expect(plan.warnings.map((w) => w.code).sort()).toEqual([
      'environment-assumed',
      'environment-no-gpu',
      'environment-no-runtime',
      'environment-unpinned',
    ]);
    const out = path.join(dir, 'noenv.bundle.zip');
    const packed = await packFolder(run, out);
    // requirements.txt is not under env/, so the reader calls it "other": said, not hidden
    expect(packed.warnings.find((w) => w.code === 'role-not-recorded')?.message).toMatch(
      /requirements\.txt: declared role "environment" will read as "other"/,
    );
    const { report } = await readWritten(out);
    expect(report.valid).toBe(true);
  });

  it("packs the run folder's own env/environment.json as it is, when it is valid, and says it used it", async () => {
    const yaml = SAMPLE_PROVENANCE.replace(
      'files:\n',
      'files:\n  - { path: env/environment.json, role: environment }\n',
    );
    const run = await makeRunFolder(dir, 'ownenv', yaml);
    mkdirSync(path.join(run, 'env'));
    const recorded =
      '{"os": "Ubuntu 22.04", "arch": "x86_64", "cpu": "Intel Xeon", "gpu": "NVIDIA A100", "runtime": {"name": "python", "version": "3.10.12"}, "packages": {"numpy": "1.26.4"}}\n';
    writeFileSync(path.join(run, 'env', 'environment.json'), recorded);
    const plan = await planPack(run);
    expect(plan.warnings).toEqual([
      expect.objectContaining({
        code: 'environment-recorded',
        message: expect.stringMatching(
          /env\/environment\.json from the run folder is packed as the recorded environment \(Ubuntu 22\.04, python 3\.10\.12\)/,
        ),
      }),
    ]);
    const out = path.join(dir, 'ownenv.bundle.zip');
    await packFolder(run, out);
    const { report, meta } = await readWritten(out);
    expect(report.valid).toBe(true);
    expect(meta.environment).toMatchObject({ os: 'Ubuntu 22.04', gpu: 'NVIDIA A100', runtime: { version: '3.10.12' } });
    expect(meta.files.find((f) => f.path === 'env/environment.json')?.sha256).toBe(
      createHash('sha256').update(recorded).digest('hex'),
    ); // the bytes as recorded
    expect(meta.pipeline?.requirements).toContainEqual({ name: 'numpy', version: '1.26.4' });

    writeFileSync(path.join(run, 'env', 'environment.json'), '{"os": 12, "packages": {"numpy": 1}}');
    await expect(planPack(run)).rejects.toThrow(
      /env\/environment\.json is not an environment as BUNDLE-FORMAT section 2 describes it:\n {2}env\/environment\.json \/os: /,
    );
    writeFileSync(path.join(run, 'env', 'environment.json'), '{"os": "a", "os": "b"}');
    await expect(planPack(run)).rejects.toThrow(/duplicate/);
    writeFileSync(path.join(run, 'provenance.yaml'), yaml + SAMPLE_ENVIRONMENT);
    await expect(planPack(run)).rejects.toThrow(
      /the environment is given twice: in provenance\.yaml and as env\/environment\.json; keep one/,
    );
  });

  it('refuses symbolic links, paths that escape and missing files, naming each', async () => {
    const run = await makeRunFolder(
      dir,
      'links',
      SAMPLE_PROVENANCE.replace(
        'files:\n',
        'files:\n  - { path: data/linked.csv, role: data }\n  - { path: outside/x.csv, role: data }\n  - { path: nowhere.csv, role: data }\n',
      ),
    );
    const outside = path.join(dir, 'outside-secret.csv');
    writeFileSync(outside, 'secret\n');
    mkdirSync(path.join(run, 'data'));
    symlinkSync(outside, path.join(run, 'data', 'linked.csv'));
    symlinkSync(dir, path.join(run, 'outside'));
    const attempt = planPack(run);
    await expect(attempt).rejects.toThrow(/data\/linked\.csv: data\/linked\.csv is a symbolic link/);
    await expect(planPack(run)).rejects.toThrow(/outside\/x\.csv: outside is a symbolic link/);
    await expect(planPack(run)).rejects.toThrow(/nowhere\.csv: not found in the folder/);

    const escape = await makeRunFolder(
      dir,
      'escape',
      SAMPLE_PROVENANCE.replace('files:\n', 'files:\n  - { path: ../outside-secret.csv, role: data }\n'),
    );
    await expect(planPack(escape)).rejects.toThrow(/provenance\.yaml:\d+:\d+: files\.0\.path: must not contain "\.\."/);
  });

  it('lists files it does not pack, and refuses a replay that names an unpacked file', async () => {
    const run = await makeRunFolder(dir, 'extra');
    writeFileSync(path.join(run, 'notes.txt'), 'not listed');
    const plan = await planPack(run);
    expect(plan.warnings).toEqual([expect.objectContaining({ code: 'file-not-listed', files: ['notes.txt'] })]);

    const bad = await makeRunFolder(
      dir,
      'replay-missing',
      (SAMPLE_PROVENANCE + SAMPLE_ENVIRONMENT).replace('  - { path: eval/predictions.csv, role: result }\n', ''),
    );
    await expect(planPack(bad)).rejects.toThrow(/replay names file\(s\) that are not in files: eval\/predictions\.csv/);
  });

  it('says how to start when provenance.yaml is missing, and --init writes the template once', async () => {
    const run = await makeRunFolder(dir, 'bare', null);
    await expect(planPack(run)).rejects.toThrow(/provenance\.yaml is missing: write one with `provdesk pack --init/);
    const written = await initProvenance(run);
    expect(readFileSync(written, 'utf8')).toBe(readFileSync(templatePath(), 'utf8'));
    await expect(initProvenance(run)).rejects.toThrow(/already exists; it is not overwritten/);
  });
});
