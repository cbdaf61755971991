import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../../src-main/core/store/store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('blob store', () => {
  it('adopts a staged file under blobs/sha256/ab/<hex>, once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-blob-'));
    dirs.push(dir);
    const s = await openStore(dir);
    const data = Buffer.from('payload bytes');
    const hex = createHash('sha256').update(data).digest('hex');
    const staged = path.join(s.blobs.stagingDir(), 'a.part');
    fs.writeFileSync(staged, data);
    expect(s.blobs.has(hex)).toBe(false);
    expect(s.blobs.adopt(staged, hex)).toEqual({ stored: true });
    expect(s.blobs.pathOf(hex)).toBe(path.join(dir, 'blobs', 'sha256', hex.slice(0, 2), hex));
    expect(fs.readFileSync(s.blobs.pathOf(hex))).toEqual(data);
    expect(fs.existsSync(staged)).toBe(false);

    const again = path.join(s.blobs.stagingDir(), 'b.part');
    fs.writeFileSync(again, data);
    expect(s.blobs.adopt(again, hex)).toEqual({ stored: false });
    expect(fs.existsSync(again)).toBe(false);
    s.close();
  });

  it('refuses a digest that is not lowercase hex (no path tricks)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-blob-'));
    dirs.push(dir);
    const s = await openStore(dir);
    expect(() => s.blobs.pathOf('../../etc/passwd')).toThrow(/not a lowercase hex SHA-256/);
    expect(() => s.blobs.has('A'.repeat(64))).toThrow(/not a lowercase hex/);
    s.close();
  });

  it('empties the staging folder left by a previous run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-blob-'));
    dirs.push(dir);
    const s = await openStore(dir);
    fs.writeFileSync(path.join(s.blobs.stagingDir(), 'leftover'), 'x');
    s.close();
    const t = await openStore(dir);
    expect(fs.readdirSync(t.blobs.stagingDir())).toEqual([]);
    t.close();
  });
});
