import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { transferZip, transferZipFits, type TransferEntry } from '../../../../src-main/core/bundle-writer/transfer-zip';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true }, (err, file) => {
      if (err || !file) return reject(err ?? new Error('no zip'));
      const out = new Map<string, Buffer>();
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          void bytesOf(stream).then((b) => {
            out.set(entry.fileName, b);
            file.readEntry();
          }, reject);
        });
      });
      file.on('end', () => resolve(out));
      file.on('error', reject);
      file.readEntry();
    });
  });
}

describe('transferZip: a stored zip made as it is sent', () => {
  it('reads back entry for entry (CRCs checked), hashes to its digest, the same bytes each time, from any offset', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-transfer-zip-'));
    try {
      const big = Buffer.alloc(3 * 1024 * 1024 + 17);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
      writeFileSync(path.join(dir, 'a'), big);
      writeFileSync(path.join(dir, 'empty'), Buffer.alloc(0));
      const entries: TransferEntry[] = [
        { name: 'bagit.txt', data: Buffer.from('BagIt-Version: 1.0\n') },
        { name: 'data/ä weights.bin', file: path.join(dir, 'a') },
        { name: 'data/empty.txt', file: path.join(dir, 'empty') },
      ];
      expect(transferZipFits(entries)).toBe(true);
      const zip = transferZip(entries);
      // Any range first, before the whole was ever read: the CRCs a descriptor or the central directory needs are
      // read from the files then (what a push resumed past them does).
      const tail = await bytesOf(zip.open(zip.size - 200, zip.size));
      const whole = await bytesOf(zip.open(0, zip.size));
      expect(whole.length).toBe(zip.size);
      expect(tail.equals(whole.subarray(zip.size - 200))).toBe(true);
      const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
      const files = await unzip(whole);
      expect([...files.keys()]).toEqual(['bagit.txt', 'data/ä weights.bin', 'data/empty.txt']);
      expect(files.get('data/ä weights.bin')!.equals(big)).toBe(true);
      expect(files.get('data/empty.txt')!.length).toBe(0);
      // Deterministic (a fresh layout, read once in order, is the same bytes under the same identity), and any range
      // is that slice of the whole.
      const again = transferZip(entries);
      expect(again.identity).toBe(zip.identity);
      expect(sha(await bytesOf(again.open(0, again.size)))).toBe(sha(whole));
      expect(transferZip(entries.slice(0, 2)).identity).not.toBe(zip.identity);
      for (const [from, to] of [
        [0, 10],
        [25, 70],
        [1000, 2 * 1024 * 1024],
        [zip.size - 30, zip.size],
      ] as const)
        expect((await bytesOf(zip.open(from, to))).equals(whole.subarray(from, to))).toBe(true);
      // A stored file that changes after the zip was made is refused while sending, never sent as another zip.
      writeFileSync(path.join(dir, 'a'), big.subarray(0, 100));
      await expect(bytesOf(zip.open(0, zip.size))).rejects.toThrow(/changed while it was sent/);
      await expect(bytesOf(transferZip(entries).open(0, zip.size))).resolves.toBeDefined(); // laid out anew: its size
      await expect(bytesOf(transferZip(entries.slice(0, 2)).open(0, 10))).resolves.toHaveLength(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
