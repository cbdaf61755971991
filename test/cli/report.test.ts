import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, sampleBundle } from '../helpers/cli';

let dir: string;
let store: string;
let digest: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-cli-report-'));
  store = path.join(dir, 'store');
  const imported = runCli(['import', '--json', '--store', store, sampleBundle]);
  expect(imported.code, imported.stderr).toBe(0);
  digest = imported.json()['bundleDigest'] as string;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('provdesk report BUNDLE', () => {
  it('writes the HTML of a bundle never replayed (exit 0) and says so', () => {
    const file = path.join(dir, 'before.html');
    const run = runCli(['report', '--json', '--store', store, digest.slice(0, 10), '-o', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toEqual({ file, bundleDigest: digest, verdict: 'not-replayed', replayId: null, approvals: 0 });
    const html = readFileSync(file, 'utf8');
    expect(html).toContain(`id="bundle-digest">${digest}</code>`);
    expect(html).toContain('Not replayed yet');
    expect(readdirTemp()).toEqual([]); // the durable write leaves no temp file behind
  });

  it('after a replay, reports the latest one; the audit log shows who produced which report', () => {
    const replay = runCli(['replay', '--json', '--store', store, digest]);
    expect(replay.code, replay.stderr).toBe(0);
    const replayId = replay.json()['replayId'] as string;
    const file = path.join(dir, 'after.html');
    const run = runCli(['report', '--store', store, digest, '--output', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`Wrote ${file}\nbundle ${digest}: reproduced (replay ${replayId})\n`);
    expect(statSync(file).size).toBeGreaterThan(5000);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain(replayId);
    expect(html).toMatch(/<code>accuracy<\/code><\/td><td class="num">1<\/td><td class="num">1<\/td>/);
    expect(html).not.toMatch(/<script/i);
    const log = path.join(dir, 'audit.jsonl');
    const audit = runCli(['audit', 'export', '--store', store, '-o', log], {
      PROVDESK_PASSPHRASE: 'correct horse battery',
    });
    expect(audit.code, audit.stderr).toBe(0);
    const produced = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"report.produce"'))
      .map((l) => JSON.parse(l) as { subject: string; details: Record<string, unknown> });
    expect(produced.map((e) => [e.subject, e.details['file'], e.details['verdict']])).toEqual([
      [digest, 'before.html', 'not-replayed'],
      [digest, 'after.html', 'reproduced'],
    ]);
  });

  it('an unknown bundle or replay is a usage error (exit 2) with a clear message, and nothing is written', () => {
    const file = path.join(dir, 'never.html');
    const unknown = runCli(['report', '--store', store, 'e'.repeat(64), '-o', file]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no bundle with digest e{64} in the store/);
    const badReplay = runCli(['report', '--json', '--store', store, digest, '--replay', 'nope', '-o', file]);
    expect(badReplay.code).toBe(2);
    expect(badReplay.json()).toMatchObject({ error: { code: 'not-found', message: 'no replay nope in this store' } });
    const noStore = runCli(['report', '--store', path.join(dir, 'no-store'), digest]);
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toMatch(/no store at/);
    expect(existsSync(file)).toBe(false);
  });
});

const readdirTemp = () => readdirSync(dir).filter((f) => f.includes('.tmp-'));
