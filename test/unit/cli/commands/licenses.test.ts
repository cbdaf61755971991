import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { registerLicenses } from '../../../../src-main/cli/commands/licenses';
import { exitCodeFor, type GlobalOptions } from '../../../../src-main/cli/output';
import { tamperPayload } from '../../../helpers/zip-edit';
import { writeVariant } from '../../../e2e/bundle-variants';
import { sampleBundle } from '../../../helpers/cli';

let dir: string;
let relicensed: string;
let tampered: string;

/** The sample with an NC test set and a sloppy code license, manifests updated so it still verifies. */
function relicense(target: string): Promise<void> {
  return writeVariant(sampleBundle, target, (crate) => {
    for (const entity of crate['@graph']) {
      if (entity['@id'] === 'eval/test.csv') entity.license = { '@id': 'https://spdx.org/licenses/CC-BY-NC-4.0' };
      if (entity['@id'] === 'code/train.py') entity.license = 'apache-2.0';
    }
  });
}

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  const program = new Command('provdesk').option('--json').exitOverride();
  registerLicenses(program, () => program.opts<GlobalOptions>());
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    process.exitCode = undefined;
    await program.parseAsync(args, { from: 'user' });
    return { code: typeof process.exitCode === 'number' ? process.exitCode : 0, stdout };
  } finally {
    spy.mockRestore();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-licenses-'));
  relicensed = path.join(dir, 'relicensed.bundle.zip');
  tampered = path.join(dir, 'tampered.bundle.zip');
  await relicense(relicensed);
  await tamperPayload(sampleBundle, tampered, 'data/eval/test.csv');
});
afterEach(() => {
  process.exitCode = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('provdesk licenses', () => {
  it('allows the MIT/BSD sample (exit 0), every file, module and the policy hash in JSON', async () => {
    const { code, stdout } = await run(['--json', 'licenses', sampleBundle]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.verdict).toBe('allowed');
    expect(report.policyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.findings).toEqual([]);
    expect(report.artifacts.map((a: { path: string }) => a.path)).toEqual(
      expect.arrayContaining(['model/model.onnx', 'eval/test.csv', 'code/train.py', '#module-training']),
    );
    for (const a of report.artifacts)
      expect(Object.keys(a)).toEqual(expect.arrayContaining(['path', 'expression', 'status', 'reason', 'suggestion']));
  });

  it('denies a bundle whose data is non-commercial (exit 1), naming the data, the model and the suggestion', async () => {
    const { code, stdout } = await run(['--json', 'licenses', relicensed]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.verdict).toBe('denied');
    expect(report.findings.map((f: { code: string }) => f.code)).not.toContain('bundle-not-verified');
    const at = (p: string) => report.artifacts.find((a: { path: string }) => a.path === p);
    expect(at('eval/test.csv')).toMatchObject({
      expression: 'CC-BY-NC-4.0',
      status: 'denied',
      flags: ['non-commercial'],
    });
    expect(at('model/model.onnx')).toMatchObject({ status: 'denied', flags: ['restricted-by-data'] });
    expect(at('code/train.py')).toMatchObject({
      expression: 'apache-2.0',
      status: 'invalid',
      suggestion: 'Apache-2.0',
    });
    expect(report.findings).toContainEqual(
      expect.objectContaining({ code: 'restricted-by-data', path: 'model/model.onnx', data: 'eval/test.csv' }),
    );
  });

  it('needs review under a research policy file (still exit 1: only "allowed" passes)', async () => {
    const policyFile = path.join(dir, 'research.json');
    writeFileSync(
      policyFile,
      JSON.stringify({
        intendedUse: 'research',
        allow: ['MIT', 'BSD-3-Clause', 'Apache-2.0'],
        deny: [],
        review: ['CC-BY-NC-4.0'],
      }),
    );
    const { code, stdout } = await run(['--json', 'licenses', '--policy', policyFile, relicensed]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).verdict).toBe('needs-review');
  });

  it('prints a human report naming statuses and suggestions', async () => {
    const { stdout } = await run(['licenses', relicensed]);
    expect(stdout).toMatch(/^DENIED: /);
    expect(stdout).toContain('suggested: Apache-2.0');
    expect(stdout).toContain('restricted-by-data');
  });

  it('never allows a bundle that fails verification', async () => {
    const { code, stdout } = await run(['--json', 'licenses', tampered]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.verdict).toBe('needs-review');
    expect(report.findings[0].code).toBe('bundle-not-verified');
  });

  it('refuses an invalid policy file with exit 2, naming the file and each problem', async () => {
    const policyFile = path.join(dir, 'bad.json');
    writeFileSync(
      policyFile,
      JSON.stringify({ intendedUse: 'commercial', allow: ['Apache 2'], deny: [], review: 'GPL-3.0-only' }),
    );
    const error = await run(['licenses', '--policy', policyFile, sampleBundle]).catch((e: unknown) => e);
    expect(exitCodeFor(error)).toBe(2);
    expect((error as Error).message).toBe(
      `invalid policy file ${policyFile}:\n  - allow[0]: unknown SPDX id "Apache 2" (did you mean "Apache-2.0"?)\n  - review: Invalid input: expected array, received string`,
    );
  });

  it('exits 2 when the bundle cannot be read', async () => {
    const error = await run(['licenses', path.join(dir, 'missing.zip')]).catch((e: unknown) => e);
    expect(exitCodeFor(error)).toBe(2);
    expect((error as Error).message).toContain('missing.zip');
  });
});
