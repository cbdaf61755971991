import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { cliPath, sampleBundle } from '../helpers/cli';
import { rewriteZip } from '../helpers/zip-edit';

/**
 * `verify` and `inspect` run from a CommonJS build with V8's code cache (dist/node/cli-fast.cjs, issue 16); every
 * other command from the split ES module build. Both are main.ts: the same answers, byte for byte, and the same exit
 * codes, for good and bad input alike. And the cache the build wrote is one this Node takes for that build.
 */
const built = path.dirname(cliPath);
const mainChunk = () => {
  const found = readdirSync(path.join(built, 'cli')).filter((f) => /^main-\w+\.mjs$/.test(f));
  if (found.length !== 1) throw new Error(`expected one main chunk in ${built}/cli, found ${found.length}`);
  return path.join(built, 'cli', found[0]!);
};
let dir: string;

function both(args: string[]): { fast: string[]; split: string[] } {
  const run = (entry: string) => {
    const r = spawnSync(process.execPath, [entry, ...args], {
      encoding: 'utf8',
      cwd: dir,
      env: { ...process.env, PROVDESK_STORE: path.join(dir, 'store') },
      timeout: 60_000,
    });
    return [String(r.status), r.stdout, r.stderr];
  };
  return { fast: run(cliPath), split: run(mainChunk()) };
}

describe('verify and inspect from the fast build answer as the split build does', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-fast-commands-'));
    await rewriteZip(sampleBundle, path.join(dir, 'tampered.zip'), (entries) =>
      entries.set('bundle/data/code/train.py', Buffer.from(`${'#'.repeat(48)}\n`)),
    );
    writeFileSync(path.join(dir, 'junk.zip'), 'not a zip');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the shipped code cache is for this build and this Node takes it', () => {
    const file = path.join(built, 'cli-fast.cjs');
    const source = readFileSync(file, 'utf8');
    const cache = readFileSync(`${file}.cache`);
    expect(cache.subarray(0, 32).equals(createHash('sha256').update(source).digest())).toBe(true);
    const script = new vm.Script(Module.wrap(source), { filename: file, cachedData: cache.subarray(32) });
    expect(script.cachedDataRejected).toBe(false);
  });

  it.each(
    [
      ['verify', sampleBundle],
      ['--json', 'verify', sampleBundle],
      ['verify', 'tampered.zip'],
      ['--json', 'verify', 'junk.zip'],
      ['verify', 'missing.zip'],
      ['verify', '--threads', 'many', sampleBundle],
      ['verify'],
      ['verify', '--help'],
      ['--json', 'inspect', sampleBundle],
      ['inspect', 'tampered.zip'],
    ].map((args) => [args.join(' ').replace(sampleBundle, 'SAMPLE'), args] as const),
  )('provdesk %s', (_title, args) => {
    const { fast, split } = both(args);
    expect(fast).toEqual(split);
  });
});
