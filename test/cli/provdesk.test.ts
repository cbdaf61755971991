import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, sampleBundle } from '../helpers/cli';
import { tamperPayload } from '../helpers/zip-edit';

let dir: string;
let store: string;
let tampered: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-cli-'));
  store = path.join(dir, 'store');
  tampered = path.join(dir, 'tampered.bundle.zip');
  await tamperPayload(sampleBundle, tampered, 'data/eval/test.csv');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('provdesk basics', () => {
  it('prints its version and help', () => {
    const version = runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')).version,
    );
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['verify', 'inspect', 'import', 'list', 'audit']) expect(help.stdout).toContain(command);
  });

  it('exits 2 on usage errors, naming the problem', () => {
    const unknown = runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const badFormat = runCli(['--store', store, 'audit', 'export', '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format takes jsonl or csv');
  });

  it('exits 2 when the bundle cannot be read', () => {
    const missing = runCli(['verify', '--json', path.join(dir, 'nope.zip')]);
    expect(missing.code).toBe(2);
    expect(missing.json()).toMatchObject({ error: { code: 'not-found' } });
  });

  it('with --json, an argument-parser error is one JSON document too (exit 2)', () => {
    const unknown = runCli(['--json', 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.json()).toEqual({ error: { code: 'usage', message: "unknown command 'frobnicate'" } });
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const option = runCli(['verify', sampleBundle, '--frob', '--json']);
    expect(option.code).toBe(2);
    expect(option.json()).toEqual({ error: { code: 'usage', message: "unknown option '--frob'" } });
    const argument = runCli(['--json', 'verify']);
    expect(argument.json()).toMatchObject({
      error: { code: 'usage', message: expect.stringContaining("missing required argument 'bundle'") },
    });
    expect(runCli(['verify', '--', '--json']).stdout).toBe(''); // after `--`, --json is an argument (here: a file name)
  });

  it('a flag the contract schema refuses is a usage error naming the flag and what it takes', () => {
    const threads = runCli(['--json', 'verify', sampleBundle, '--threads', 'many']);
    expect(threads.code).toBe(2);
    expect(threads.json()).toEqual({
      error: { code: 'usage', message: '--threads takes a positive whole number, not "many"' },
    });
    const state = runCli(['--store', store, 'access', 'list', '--state', 'gone']);
    expect(state.code).toBe(2);
    expect(state.stderr).toContain('--state takes active, expired, revoked, not "gone"');
  });

  it.skipIf(process.platform === 'win32')('exits 2 for a path that is neither a file nor a folder (a device)', () => {
    const device = runCli(['verify', '--json', '/dev/null']);
    expect(device.code).toBe(2);
    expect(device.json()).toMatchObject({
      error: { code: 'io-error', input: true, message: '/dev/null is neither a file nor a folder' },
    });
  });
});

describe('verify', () => {
  it('says the sample is valid, with its digest (exit 0)', () => {
    const run = runCli(['verify', '--json', sampleBundle]);
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ valid: true, complete: true, weak: false, bagitVersion: '1.0', files: 8 });
    expect(run.json().bundleDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the tampered file, algorithm and both digests (exit 1)', () => {
    const run = runCli(['verify', '--json', tampered]);
    expect(run.code).toBe(1);
    const report = run.json() as { valid: boolean; problems: Array<Record<string, string>> };
    expect(report.valid).toBe(false);
    const mismatch = report.problems.find((p) => p.code === 'checksum-mismatch');
    expect(mismatch).toMatchObject({ path: 'data/eval/test.csv', algorithm: 'sha256' });
    expect(mismatch?.expected).not.toBe(mismatch?.actual);
    const human = runCli(['verify', tampered]);
    expect(human.stdout).toContain('INVALID');
    expect(human.stdout).toContain('data/eval/test.csv');
  });
});

describe('inspect', () => {
  it("prints the run's metadata", () => {
    const run = runCli(['inspect', '--json', sampleBundle]);
    expect(run.code).toBe(0);
    const meta = run.json() as { name: string; run: { metrics: Record<string, number> }; files: unknown[] };
    expect(meta.name).toBeTruthy();
    expect(Object.keys(meta.run.metrics).sort()).toEqual(['accuracy', 'log_loss', 'macro_f1']);
    expect(meta.files.length).toBe(8);
  });
});

// The store key that signs audit checkpoints is encrypted with this (audit export asks it; audit verify never does).
const passphrase = { PROVDESK_PASSPHRASE: 'correct horse battery' };

describe('import, list, export and the audit trail', () => {
  it('imports once, then says the digest is already present', () => {
    const first = runCli(['--store', store, 'import', '--json', sampleBundle]);
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ imported: true, refused: false });
    const again = runCli(['--store', store, 'import', '--json', sampleBundle]);
    expect(again.json()).toMatchObject({ imported: false, bundleDigest: first.json().bundleDigest });
    expect(runCli(['--store', store, 'import', sampleBundle]).stdout).toContain('Already in the store');
  });

  it('refuses a tampered bundle, keeps nothing of it, and audits the refusal (exit 1)', () => {
    const run = runCli(['--store', store, 'import', '--json', tampered]);
    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({ imported: false, refused: true });
    const list = runCli(['--store', store, 'list', '--json']).json() as { bundles: unknown[] };
    expect(list.bundles).toHaveLength(1);
  });

  it('lists the stored bundle (also via PROVDESK_STORE)', () => {
    const run = runCli(['list', '--json'], { PROVDESK_STORE: store });
    expect(run.code).toBe(0);
    const { bundles } = run.json() as { bundles: Array<Record<string, unknown>> };
    expect(bundles[0]).toMatchObject({ status: 'verified' });
    expect(Object.keys(bundles[0] ?? {})).toEqual(
      expect.arrayContaining(['bundleDigest', 'name', 'author', 'importedAt', 'status']),
    );
  });

  it('exports a bundle with the same digest', () => {
    const listed = (runCli(['--store', store, 'list', '--json']).json() as { bundles: Array<{ bundleDigest: string }> })
      .bundles[0];
    const out = path.join(dir, 'exported.bundle.zip');
    const run = runCli(['--store', store, 'export', listed?.bundleDigest.slice(0, 12) ?? '', '-o', out, '--json']);
    expect(run.code).toBe(0);
    expect(runCli(['verify', '--json', out]).json()).toMatchObject({ valid: true, bundleDigest: listed?.bundleDigest });
  });

  it('verifies the chain, exports it with a checkpoint, and catches a cut tail', () => {
    const verify = runCli(['--store', store, 'audit', 'verify', '--json']);
    expect(verify.code).toBe(0);
    const report = verify.json() as { valid: boolean; entries: number; head: string };
    expect(report.valid).toBe(true);
    expect(report.entries).toBeGreaterThanOrEqual(4); // import, re-import, refusal, export

    const log = path.join(dir, 'audit.jsonl');
    const exported = runCli(
      ['--store', store, 'audit', 'export', '--format', 'jsonl', '-o', log, '--json'],
      passphrase,
    );
    expect(exported.code).toBe(0);
    const { checkpoint } = exported.json() as { checkpoint: string };
    expect(
      runCli(['--store', store, 'audit', 'verify', '--file', log, '--checkpoint', checkpoint, '--json']).code,
    ).toBe(0);
    const unpinned = runCli([
      '--store',
      path.join(dir, 'no-store'),
      'audit',
      'verify',
      '--file',
      log,
      '--checkpoint',
      checkpoint,
      '--json',
    ]);
    expect(unpinned.code).toBe(0);
    expect(JSON.stringify(unpinned.json().warnings)).toContain('checkpoint-key-not-pinned');
    const otherKey = runCli([
      'audit',
      'verify',
      '--file',
      log,
      '--checkpoint',
      checkpoint,
      '--trust-key',
      'f'.repeat(64),
      '--json',
    ]);
    expect(otherKey.code).toBe(1);

    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    writeFileSync(log, `${lines.slice(0, -1).join('\n')}\n`);
    const cut = runCli(['--store', store, 'audit', 'verify', '--file', log, '--checkpoint', checkpoint, '--json']);
    expect(cut.code).toBe(1);
    expect(cut.json()).toMatchObject({ valid: false });
  });

  it('audit verify --file of a missing log is not-found (exit 2)', () => {
    const missing = runCli([
      '--store',
      store,
      'audit',
      'verify',
      '--file',
      path.join(dir, 'no-such-log.jsonl'),
      '--json',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.json()).toMatchObject({
      error: { code: 'not-found', input: true, message: expect.stringContaining('no-such-log.jsonl') },
    });
  });

  it('writes the log as CSV too', () => {
    const csv = path.join(dir, 'audit.csv');
    expect(runCli(['--store', store, 'audit', 'export', '--format', 'csv', '-o', csv], passphrase).code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toContain('seq');
  });
});
