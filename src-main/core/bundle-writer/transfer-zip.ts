import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * A bundle zip made to be sent on (a registry push), never written to disk: every entry stored (the bytes go out as
 * the store keeps them), fixed entry times and order, so the same bundle is the same bytes, the same digest, each
 * time; its size known before a byte is sent; and readable again from any offset (an upload that resumes). One pass
 * takes each entry's CRC-32 (zlib's, native) and the whole zip's SHA-256; the sending pass reads the files again.
 * Plain zip only (no ZIP64): a bundle near 4 GiB or with 65,535 entries is not made this way (`transferZipFits`).
 */

export type TransferEntry = { name: string; data: Buffer } | { name: string; file: string };

type Segment = { bytes: Buffer } | { file: string; size: number };

export interface TransferZip {
  size: number;
  digest: string; // sha256:…
  /** The zip's bytes from `start` (inclusive) to `end` (exclusive). */
  open(start: number, end: number): Readable;
}

const LIMIT = 0xffffffff - 1024 * 1024;
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1; // 2000-01-01
const FLAGS = 0x0808; // sizes in a data descriptor; UTF-8 names
const READ_BUFFER = 4 * 1024 * 1024;

/** Whether this Node can make one (native CRC-32) and the entries fit a plain zip. */
export function transferZipFits(entries: TransferEntry[]): boolean {
  if (typeof (zlib as { crc32?: unknown }).crc32 !== 'function' || entries.length >= 0xffff) return false;
  let total = 22;
  for (const e of entries) {
    const size = 'data' in e ? e.data.length : statSync(e.file).size;
    total += 30 + 16 + 46 + 2 * Buffer.byteLength(e.name) + size;
    if (total > LIMIT) return false;
  }
  return true;
}

function localHeader(name: Buffer): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(FLAGS, 6);
  h.writeUInt16LE(0, 8); // stored
  h.writeUInt16LE(0, 10);
  h.writeUInt16LE(DOS_DATE, 12);
  // CRC and sizes follow the data (data descriptor): 0 here.
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, name]);
}

function descriptor(crc: number, size: number): Buffer {
  const d = Buffer.alloc(16);
  d.writeUInt32LE(0x08074b50, 0);
  d.writeUInt32LE(crc, 4);
  d.writeUInt32LE(size, 8);
  d.writeUInt32LE(size, 12);
  return d;
}

function centralHeader(name: Buffer, crc: number, size: number, offset: number): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(FLAGS, 8);
  h.writeUInt16LE(0, 10);
  h.writeUInt16LE(0, 12);
  h.writeUInt16LE(DOS_DATE, 14);
  h.writeUInt32LE(crc, 16);
  h.writeUInt32LE(size, 20);
  h.writeUInt32LE(size, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  h.writeUInt32LE(offset, 42);
  return Buffer.concat([h, name]);
}

/** Builds the zip (one reading pass for the CRCs and the digest); check `transferZipFits` first. */
export async function transferZip(entries: TransferEntry[], signal?: AbortSignal): Promise<TransferZip> {
  const crc32 = (zlib as unknown as { crc32: (data: Uint8Array, value?: number) => number }).crc32;
  const hash = createHash('sha256');
  const segments: Segment[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const add = (bytes: Buffer) => {
    segments.push({ bytes });
    hash.update(bytes);
    offset += bytes.length;
  };
  for (const entry of entries) {
    signal?.throwIfAborted();
    const name = Buffer.from(entry.name, 'utf8');
    const at = offset;
    add(localHeader(name));
    let crc = 0;
    let size = 0;
    if ('data' in entry) {
      crc = crc32(entry.data);
      size = entry.data.length;
      add(entry.data);
    } else {
      for await (const piece of createReadStream(entry.file, {
        highWaterMark: READ_BUFFER,
        ...(signal ? { signal } : {}),
      })) {
        const b = piece as Buffer;
        crc = crc32(b, crc);
        hash.update(b);
        size += b.length;
      }
      segments.push({ file: entry.file, size });
      offset += size;
    }
    add(descriptor(crc, size));
    central.push(centralHeader(name, crc, size, at));
  }
  const cdOffset = offset;
  const cd = Buffer.concat(central);
  add(cd);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  add(end);
  if (offset > LIMIT) throw new Error('the bundle is too large for a plain zip');
  const total = offset;
  return {
    size: total,
    digest: `sha256:${hash.digest('hex')}`,
    open: (start, stop) => Readable.from(read(segments, start, Math.min(stop, total))),
  };
}

async function* read(segments: Segment[], start: number, stop: number): AsyncGenerator<Buffer> {
  let at = 0;
  for (const s of segments) {
    const length = 'bytes' in s ? s.bytes.length : s.size;
    const from = Math.max(start, at);
    const to = Math.min(stop, at + length);
    if (from < to) {
      if ('bytes' in s) yield s.bytes.subarray(from - at, to - at);
      else {
        let got = 0;
        for await (const piece of createReadStream(s.file, {
          start: from - at,
          end: to - at - 1,
          highWaterMark: READ_BUFFER,
        })) {
          got += (piece as Buffer).length;
          yield piece as Buffer;
        }
        // A stored file that changed size would make another zip than the one hashed: refused, never sent silently.
        if (got !== to - from) throw new Error(`${s.file} changed while it was sent`);
      }
    }
    at += length;
    if (at >= stop) return;
  }
}
