import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../../src-main/core/bundle/verify-bundle';
import { bagFiles, tempDir } from './zip-craft';

/** THREATS 1-3 for folder bundles: walked with lstat, links never followed. */
const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function bagFolder(): string {
  const dir = path.join(root, `bag-${n++}`);
  for (const [p, buf] of Object.entries(bagFiles({ 'a.txt': 'alpha\n' }))) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), buf);
  }
  return dir;
}

async function expectRefused(dir: string, code: string, pathName?: string) {
  const stagingRoot = path.join(root, `staging-${n++}`);
  mkdirSync(stagingRoot);
  const r = await verifyBundle(dir, { stage: true, stagingRoot });
  expect(r.refused).toBe(true);
  expect(r.report.valid).toBe(false);
  const p = r.report.problems.find((x) => x.code === code);
  expect(p, JSON.stringify(r.report.problems)).toBeDefined();
  if (pathName !== undefined) expect(p!.path).toBe(pathName);
  expect(readdirSync(stagingRoot)).toEqual([]);
  return p!;
}

describe('folder bundles', () => {
  it('verify in place when clean', async () => {
    const dir = bagFolder();
    const r = await verifyBundle(dir);
    expect(r.report.valid).toBe(true);
    expect(r.bagDir).toBe(dir);
    expect(r.payload[0]!.stagedPath).toBeNull();
    expect(await r.readPayloadText('data/a.txt', 100)).toBe('alpha\n');
  });

  it('refuse a symbolic link in the payload, even to a file inside the bag', async () => {
    const dir = bagFolder();
    symlinkSync('a.txt', path.join(dir, 'data', 'link.txt'));
    const p = await expectRefused(dir, 'entry-type-refused', 'data/link.txt');
    expect(p.message).toContain('symbolic link');
    expect(p.rule).toContain('THREATS 2');
  });

  it('refuse bagit.txt as a symbolic link to a file outside', async () => {
    const dir = bagFolder();
    const outside = path.join(root, `outside-${n++}.txt`);
    writeFileSync(outside, 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    rmSync(path.join(dir, 'bagit.txt'));
    symlinkSync(outside, path.join(dir, 'bagit.txt'));
    await expectRefused(dir, 'entry-type-refused', 'bagit.txt');
  });

  it('refuse a hard-linked file', async () => {
    const dir = bagFolder();
    linkSync(path.join(dir, 'data', 'a.txt'), path.join(root, `hard-${n++}.txt`));
    const p = await expectRefused(dir, 'entry-type-refused', 'data/a.txt');
    expect(p.message).toContain('hard link');
  });

  it('refuse a named pipe', async () => {
    const dir = bagFolder();
    execFileSync('mkfifo', [path.join(dir, 'data', 'pipe')]);
    await expectRefused(dir, 'entry-type-refused', 'data/pipe');
  });

  it('refuse names equal after case folding or NFC (THREATS 3)', async () => {
    const dir = bagFolder();
    writeFileSync(path.join(dir, 'data', 'A.txt'), 'other');
    const p = await expectRefused(dir, 'entry-duplicate');
    expect(p.rule).toContain('THREATS 3');
    const dir2 = bagFolder();
    writeFileSync(path.join(dir2, 'data', 'Nu\u0301n\u0303ez'), '1');
    writeFileSync(path.join(dir2, 'data', 'N\u00fa\u00f1ez'), '2');
    await expectRefused(dir2, 'entry-duplicate'); // which of the two is named depends on readdir order
  });

  it('refuse a backslash in a file name (THREATS 1)', async () => {
    const dir = bagFolder();
    writeFileSync(path.join(dir, 'data', 'a\\b.txt'), 'x');
    await expectRefused(dir, 'entry-name-unsafe', 'data/a\\b.txt');
  });

  it('refuse more files than the limit', async () => {
    const r = await verifyBundle(bagFolder(), { limits: { maxEntries: 2 } });
    expect(r.refused).toBe(true);
    expect(r.report.problems[0]!.code).toBe('archive-limit');
  });
});
