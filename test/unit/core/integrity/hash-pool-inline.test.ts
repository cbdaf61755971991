import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HashError, HashPool } from '../../../../src-main/core/integrity/hash-pool';

/**
 * HashPool('inline') hashes on the calling thread (a small bag: issue 16). It must give what the workers give, fail
 * as they fail (the Node error code, nothing half-written) and stop on abort.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-hash-inline-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff));
const hex = (algorithm: string, b: Buffer) => createHash(algorithm).update(b).digest('hex');

describe('HashPool inline', () => {
  it('hashes and copies files as the workers do; progress counts every byte, and each file once', async () => {
    const data = bytes(3 * 1024 * 1024 + 5); // more than one read chunk
    writeFileSync(path.join(dir, 'a.bin'), data);
    writeFileSync(path.join(dir, 'empty'), '');
    let progress = 0;
    let files = 0;
    const inline = new HashPool(
      'inline',
      (n) => (progress += n),
      () => files++,
    );
    const workers = new HashPool(1);
    try {
      const [here, there, empty] = await Promise.all([
        inline.hashFile(path.join(dir, 'a.bin'), path.join(dir, 'copy.bin'), ['sha256', 'md5']),
        workers.hashFile(path.join(dir, 'a.bin'), null, ['sha256', 'md5']),
        inline.hashFile(path.join(dir, 'empty'), null, ['sha256']),
      ]);
      expect(here).toEqual(there);
      expect(here).toEqual({ size: data.length, digests: { sha256: hex('sha256', data), md5: hex('md5', data) } });
      expect(empty.digests.sha256).toBe(hex('sha256', Buffer.alloc(0)));
      expect(readFileSync(path.join(dir, 'copy.bin')).equals(data)).toBe(true);
      expect(progress).toBe(data.length);
      expect(files).toBe(2);
      expect(inline.size).toBe(0);
    } finally {
      await Promise.all([inline.close(), workers.close()]);
    }
  });

  it('streams: digests, CRC-32 and the copy of the bytes written', async () => {
    const data = bytes(70_000);
    const pool = new HashPool('inline');
    const s = pool.stream(path.join(dir, 'out'), ['sha256']);
    await s.write(data.subarray(0, 1000));
    await s.write(data.subarray(1000));
    expect(await s.end()).toEqual({ size: data.length, digests: { sha256: hex('sha256', data) }, crc32: crc32(data) });
    expect(readFileSync(path.join(dir, 'out')).equals(data)).toBe(true);
    await pool.idle();
  });

  it('refuses a symbolic link and a folder with the code a worker gives, and a missing file with ENOENT', async () => {
    writeFileSync(path.join(dir, 'target'), 'x');
    symlinkSync(path.join(dir, 'target'), path.join(dir, 'link'));
    const pool = new HashPool('inline');
    const failure = (p: string) =>
      pool.hashFile(p, null, ['sha256']).then(
        () => null,
        (e: unknown) => e,
      );
    const link = await failure(path.join(dir, 'link'));
    expect(link).toBeInstanceOf(HashError);
    expect((link as HashError).code).toBe('ELOOP');
    expect(((await failure(dir)) as HashError).code).toBe('ENOTREG');
    expect(((await failure(path.join(dir, 'nope'))) as HashError).code).toBe('ENOENT');
  });

  it('never overwrites an existing copy target, and deletes the partial output of a discarded stream', async () => {
    writeFileSync(path.join(dir, 'src'), 'abc');
    writeFileSync(path.join(dir, 'taken'), 'someone else');
    const pool = new HashPool('inline');
    const e = await pool.hashFile(path.join(dir, 'src'), path.join(dir, 'taken'), ['sha256']).catch((x: unknown) => x);
    expect((e as HashError).code).toBe('EEXIST');
    expect(readFileSync(path.join(dir, 'taken'), 'utf8')).toBe('someone else');

    const s = pool.stream(path.join(dir, 'partial'), ['sha256']);
    await s.write(bytes(100));
    s.discard();
    await pool.idle();
    expect(existsSync(path.join(dir, 'partial'))).toBe(false);
  });

  it('abort: the queued files are cancelled and a stream stops at its next write', async () => {
    for (const name of ['a', 'b', 'c']) writeFileSync(path.join(dir, name), bytes(10));
    const pool = new HashPool('inline');
    const s = pool.stream(path.join(dir, 'streamed'), ['sha256']);
    await s.write(bytes(10));
    const results = ['a', 'b', 'c'].map((n) =>
      pool.hashFile(path.join(dir, n), null, ['sha256']).then(
        () => 'done',
        (e: HashError) => e.code,
      ),
    );
    pool.abort();
    const codes = await Promise.all(results);
    expect(codes.filter((c) => c === 'ECANCELLED').length).toBeGreaterThanOrEqual(2); // the first may have started
    await expect(s.write(bytes(10))).rejects.toMatchObject({ code: 'ECANCELLED' });
    s.discard();
    await pool.idle();
    expect(existsSync(path.join(dir, 'streamed'))).toBe(false);
  });
});
