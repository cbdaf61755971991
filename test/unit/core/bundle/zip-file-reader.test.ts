import { describe, expect, it } from 'vitest';
import { readdirSync, rmSync, truncateSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { openZipFile } from '../../../../src-main/core/bundle/zip-file-reader';
import { tempDir, writeZip } from './zip-craft';

const openFds = () => readdirSync('/proc/self/fd').length;
const options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };

describe.skipIf(process.platform !== 'linux')('openZipFile: a zip read in 1 MiB pieces through one descriptor', () => {
  it('streams entries in large pieces, side by side, and closes its descriptor when the zip and its streams are done', async () => {
    const dir = tempDir();
    try {
      const big = Buffer.alloc(5 * 1024 * 1024 + 3);
      for (let i = 0; i < big.length; i++) big[i] = (i * 7 + 1) & 0xff;
      const small = Buffer.from('BagIt-Version: 1.0\n');
      const file = await writeZip(
        path.join(dir, 'a.zip'),
        { 'data/big.bin': big, 'bagit.txt': small },
        { compress: false },
      );
      const before = openFds();
      const zip = await openZipFile(file, options);
      const entries = await new Promise<import('yauzl').Entry[]>((resolve, reject) => {
        const out: import('yauzl').Entry[] = [];
        zip.on('entry', (e: import('yauzl').Entry) => (out.push(e), zip.readEntry()));
        zip.on('end', () => resolve(out));
        zip.on('error', reject);
        zip.readEntry();
      });
      expect(openFds()).toBe(before + 1);
      const read = async (e: import('yauzl').Entry) => {
        const pieces: Buffer[] = [];
        for await (const p of (await zip.openReadStreamPromise(e)) as Readable) pieces.push(p as Buffer);
        return pieces;
      };
      // Both entries at once (positional reads on the shared descriptor), each whole; the big one in 1 MiB pieces
      // (yauzl's own reader gives 16 KiB ones).
      const [bigPieces, smallPieces] = await Promise.all(entries.map(read));
      expect(Buffer.concat(bigPieces!).equals(big)).toBe(true);
      expect(Buffer.concat(smallPieces!).equals(small)).toBe(true);
      expect(Math.max(...bigPieces!.map((p) => p.length))).toBe(1024 * 1024);
      // An entry stream ended or destroyed midway leaves the shared descriptor open: the zip reads on.
      const cut = (await zip.openReadStreamPromise(entries[0]!)) as Readable;
      for await (const _ of cut) break;
      expect(Buffer.concat(await read(entries[1]!)).equals(small)).toBe(true);
      const closed = new Promise((resolve) => zip.once('close', resolve));
      zip.close();
      await closed;
      expect(openFds()).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a truncated archive is refused as yauzl refuses it, and its descriptor is closed', async () => {
    const dir = tempDir();
    try {
      const file = await writeZip(path.join(dir, 'b.zip'), { 'bagit.txt': Buffer.from('x') });
      truncateSync(file, 30);
      const before = openFds();
      await expect(openZipFile(file, options)).rejects.toThrow(/end of central directory record signature not found/i);
      await expect(openZipFile(path.join(dir, 'missing.zip'), options)).rejects.toThrow(/ENOENT/);
      expect(openFds()).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
