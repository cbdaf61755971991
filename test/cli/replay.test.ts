import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, sampleBundle } from '../helpers/cli';
import { tamperPayload } from '../helpers/zip-edit';
import { writeVariant } from '../e2e/bundle-variants';

let dir: string;
let store: string;
let misreported: string;
let tampered: string;

/** The sample with its reported log_loss changed to 0.2, manifests and Payload-Oxum updated so it still verifies. */
function misreport(target: string): Promise<void> {
  return writeVariant(sampleBundle, target, (crate) => {
    const metric = crate['@graph'].find((e) => String(e['@id']).startsWith('#metric-') && e.name === 'log_loss');
    if (!metric) throw new Error('the sample reports no log_loss');
    metric.value = 0.2;
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-replay-cli-'));
  store = path.join(dir, 'store');
  misreported = path.join(dir, 'misreported.bundle.zip');
  tampered = path.join(dir, 'tampered.bundle.zip');
  await misreport(misreported);
  await tamperPayload(sampleBundle, tampered, 'data/eval/test.csv');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('provdesk replay BUNDLE', () => {
  it('reproduces the sample (exit 0) with exactly the JSON fields of CLI.md', () => {
    const run = runCli(['replay', '--json', sampleBundle]);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json() as {
      verdict: string;
      metrics: Array<{ name: string }>;
      predictions: unknown;
      outputSha256: string;
      environment: Record<string, unknown>;
      durationMs: number;
      problems: unknown[];
    };
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining([
        'verdict',
        'reason',
        'metrics',
        'predictions',
        'outputSha256',
        'environment',
        'durationMs',
      ]),
    );
    expect(out.verdict).toBe('reproduced');
    expect(out.metrics.map((m) => m.name)).toEqual(['accuracy', 'macro_f1', 'log_loss']);
    for (const m of out.metrics)
      expect(Object.keys(m)).toEqual(
        expect.arrayContaining(['name', 'reported', 'replayed', 'delta', 'tolerance', 'pass']),
      );
    expect(out.predictions).toEqual({ rows: 45, disagreements: 0 });
    expect(out.outputSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(out.environment).sort()).toEqual(['differences', 'local', 'recorded']);
    expect(out.durationMs).toBeGreaterThan(0);
    expect(out.problems).toEqual([]);
  });

  it('prints a verdict line, the metrics table and the environment differences', () => {
    const run = runCli(['replay', '--batch-size', '7', sampleBundle]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^REPRODUCED: /);
    expect(run.stdout).toMatch(/metric\s+reported\s+replayed\s+delta\s+tolerance\s+pass/);
    expect(run.stdout).toMatch(/log_loss\s+0\.135799\s+0\.135799/);
    expect(run.stdout).toContain('Environment differences');
    expect(run.stdout).toMatch(/runtime: recorded python [\d.]+, here node/);
  });

  it('is not reproduced when a reported metric was changed (exit 1), naming that metric', () => {
    const run = runCli(['replay', '--json', misreported]);
    expect(run.code, run.stderr).toBe(1);
    const out = run.json() as {
      verdict: string;
      reason: string;
      metrics: Array<{ name: string; pass: boolean; reported: number }>;
    };
    expect(out.verdict).toBe('not-reproduced');
    expect(out.reason).toMatch(/1 of 3 metrics outside tolerance: log_loss off by/);
    expect(out.metrics.filter((m) => !m.pass)).toEqual([expect.objectContaining({ name: 'log_loss', reported: 0.2 })]);
    const human = runCli(['replay', misreported]);
    expect(human.stdout).toMatch(/^NOT REPRODUCED: /);
    expect(human.stdout).toMatch(/log_loss .* NO: off by/);
  });

  it('does not replay a tampered bundle: verdict failed, exit 1 (an invalid bundle), naming the file', () => {
    const run = runCli(['replay', '--json', tampered]);
    expect(run.code).toBe(1);
    const out = run.json() as {
      verdict: string;
      reason: string;
      metrics: unknown[];
      problems: Array<{ code: string; path: string }>;
    };
    expect(out.verdict).toBe('failed');
    expect(out.reason).toMatch(/^The bundle failed verification, so it was not replayed: .*data\/eval\/test\.csv/);
    expect(out.metrics).toEqual([]);
    expect(out.problems).toContainEqual(
      expect.objectContaining({ code: 'checksum-mismatch', path: 'data/eval/test.csv' }),
    );
  });

  it('exits 3 when the replay cannot run: a valid bag with no data/replay.json', () => {
    const run = runCli(['replay', '--json', path.join(__dirname, '../fixtures/bagit/v1.0/valid/basicBag')]);
    expect(run.code, run.stderr).toBe(3);
    expect((run.json() as { verdict: string }).verdict).toBe('failed');
    expect((run.json() as { reason: string }).reason).toContain('no data/replay.json');
  });

  it('exits 2 on usage errors and unreadable input', () => {
    const usage = runCli(['replay', '--batch-size', '0', sampleBundle]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--batch-size takes a positive whole number');
    const missing = runCli(['replay', '--json', path.join(dir, 'nope.zip')]);
    expect(missing.code).toBe(2);
    expect(missing.json()).toMatchObject({ error: { code: 'not-found' } });
  });
});

describe('provdesk replay DIGEST (a stored bundle)', () => {
  it('replays a bundle imported into --store by its digest prefix, and keeps the replay in the audit trail', () => {
    const imported = runCli(['--store', store, 'import', '--json', sampleBundle]);
    expect(imported.code, imported.stderr).toBe(0);
    const digest = imported.json().bundleDigest as string;
    const entriesBefore = runCli(['--store', store, 'audit', 'verify', '--json']).json().entries as number;
    const run = runCli(['--store', store, 'replay', '--json', digest.slice(0, 12)]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ verdict: 'reproduced', bundleDigest: digest, replayId: expect.any(String) });
    const viaEnv = runCli(['replay', '--json', digest.slice(0, 8)], { PROVDESK_STORE: store });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.json().outputSha256).toBe(run.json().outputSha256);
    const audit = runCli(['--store', store, 'audit', 'verify', '--json']);
    // per replay: the access event and the replay itself
    expect(audit.json()).toMatchObject({ valid: true, entries: entriesBefore + 4 });
  });

  it('exits 2 for a digest the store does not have', () => {
    const run = runCli(['--store', store, 'replay', 'deadbeefdeadbeef']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nor a bundle in the store');
  });
});

describe('provdesk replay FILE when a store holds its bundle', () => {
  let held: string;
  let digest: string;
  const entries = () => runCli(['--store', held, 'audit', 'verify', '--json']).json().entries as number;
  beforeAll(() => {
    held = path.join(dir, 'held-store');
    const imported = runCli(['--store', held, 'import', '--json', sampleBundle]);
    expect(imported.code, imported.stderr).toBe(0);
    digest = imported.json().bundleDigest as string;
  });

  it('records the replay against the stored bundle (history, audit, replication state) and says so', () => {
    const before = entries();
    const run = runCli(['--store', held, 'replay', '--json', sampleBundle]);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json();
    expect(out).toMatchObject({ verdict: 'reproduced', bundleDigest: digest, replayId: expect.any(String) });
    expect(entries()).toBe(before + 2); // the data-access event and replay.run, as for `replay DIGEST`
    const listed = runCli(['--store', held, 'list', '--json']).json().bundles as Array<{
      bundleDigest: string;
      replication: string;
    }>;
    expect(listed).toEqual([expect.objectContaining({ bundleDigest: digest, replication: 'reproduced' })]);
  });

  it('finds the store through PROVDESK_STORE too, and the human output names the kept replay', () => {
    const run = runCli(['replay', sampleBundle], { PROVDESK_STORE: held });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`Recorded as replay [0-9a-f-]{36} of bundle ${digest} in the store\\.`));
  });

  it('records nothing for a tampered copy: it fails verification and is not replayed', () => {
    const before = entries();
    const run = runCli(['--store', held, 'replay', '--json', tampered]);
    expect(run.code).toBe(1);
    expect(run.json()).not.toHaveProperty('replayId');
    expect(entries()).toBe(before);
  });
});

describe('provdesk replay FILE when no store holds its bundle', () => {
  it('replays, says it was not recorded and how to record it, and creates no store', () => {
    const absent = path.join(dir, 'absent-store');
    const run = runCli(['--store', absent, 'replay', sampleBundle]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Not recorded: there is no store at ${absent}.`);
    expect(run.stdout).toMatch(
      new RegExp(
        `provdesk --store \\S+ import \\S+iris-logreg\\.bundle\\.zip, then provdesk --store \\S+ replay [0-9a-f]{64}$`,
        'm',
      ),
    );
    expect(existsSync(absent)).toBe(false);
    expect(runCli(['--store', absent, 'replay', '--json', sampleBundle]).json()).not.toHaveProperty('replayId');
  });

  it('says so for a store that holds other bundles', () => {
    const other = path.join(dir, 'other-store');
    expect(runCli(['--store', other, 'import', misreported]).code).toBe(0);
    const run = runCli(['replay', sampleBundle], { PROVDESK_STORE: other });
    expect(run.stdout).toContain(`Not recorded: the store at ${other} does not hold this bundle.`);
    expect(run.stdout).toMatch(/then provdesk replay [0-9a-f]{64}$/m);
  });
});
