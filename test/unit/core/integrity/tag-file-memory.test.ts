import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleScript } from '../../../helpers/bundle-script';
import { ATTACK, writeTagBombZip } from '../../../helpers/tag-bomb';

/**
 * Issue 13 (THREATS 4): verification runs in the app's core process and the CLI, so what it holds must not grow
 * with the bundle's tag files. The attack: a valid bag with 20 extra tag files of 60 MiB each, listed in its tag
 * manifest, in a 25 MB zip (ratio 50, under the zip-bomb limit). Read whole, it took 1.4 GB.
 */

const work = mkdtempSync(path.join(os.tmpdir(), 'tag-file-memory-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BOUND = 300 * 2 ** 20;

describe('verifying a bag of huge extra tag files', () => {
  it('stays under 300 MB peak RSS, and the bag verifies (the extra files checked against the tag manifest)', async () => {
    const child = await bundleScript('test/helpers/verify-memory-child.ts', 'verify-memory-child');
    const file = path.join(work, 'attack.zip');
    const { zipBytes, ratio } = writeTagBombZip(file, ATTACK);
    expect(zipBytes).toBeLessThan(30e6);
    expect(ratio).toBeLessThan(200);
    const run = spawnSync(process.execPath, [child, file], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { valid: boolean; problems: string[]; maxRssBytes: number };
    expect(out.problems).toEqual([]);
    expect(out.valid).toBe(true);
    expect(out.maxRssBytes, `peak RSS ${(out.maxRssBytes / 2 ** 20).toFixed(0)} MiB`).toBeLessThan(BOUND);
  }, 150_000);
});
