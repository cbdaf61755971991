import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * A bundle zip made to be sent on (a registry push), never written to disk: every entry stored (the bytes go out as
 * the store keeps them), fixed entry times and order, so the same entries are the same bytes each time; its size
 * known before a byte is sent (each entry's CRC-32 goes in a data descriptor after its bytes, so nothing is read
 * before sending); and readable again from any offset (an upload that resumes). Each entry's CRC-32 (zlib's, native)
 * is taken as its bytes go out; one not yet taken when a descriptor or the central directory is due (a resume past
 * it) is read from the file then. The zip's SHA-256 is the sender's to take as the bytes stream.
 * Plain zip only (no ZIP64): a bundle near 4 GiB or with 65,535 entries is not made this way (`transferZipFits`).
 */

export type TransferEntry = { name: string; data: Buffer } | { name: string; file: string };

type Segment =
  | { bytes: Buffer }
  | { file: string; size: number; index: number }
  | { descriptor: number }
  | { central: true; size: number };

export interface TransferZip {
  size: number;
  /**
   * Names the zip's bytes without reading them: a hash of the entries' names, sizes, in-memory bytes and file paths.
   * It stands for the bytes where file paths are content-addressed (the store's blobs are).
   */
  identity: string;
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

type Crc32 = (data: Uint8Array, value?: number) => number;

/** Lays the zip out (sizes only, nothing read); check `transferZipFits` first. */
export function transferZip(entries: TransferEntry[]): TransferZip {
  const crc32 = (zlib as unknown as { crc32: Crc32 }).crc32;
  const identity = createHash('sha256');
  const segments: Segment[] = [];
  const layout: { name: Buffer; size: number; at: number; file: string | null }[] = [];
  const crcs: (number | undefined)[] = [];
  let offset = 0;
  const add = (segment: Segment, length: number) => {
    segments.push(segment);
    offset += length;
  };
  entries.forEach((entry, index) => {
    const name = Buffer.from(entry.name, 'utf8');
    const at = offset;
    add({ bytes: localHeader(name) }, 30 + name.length);
    if ('data' in entry) {
      crcs[index] = crc32(entry.data);
      layout.push({ name, size: entry.data.length, at, file: null });
      identity.update(`${entry.name}\0data\0${createHash('sha256').update(entry.data).digest('hex')}\n`);
      add({ bytes: entry.data }, entry.data.length);
    } else {
      const size = statSync(entry.file).size;
      layout.push({ name, size, at, file: entry.file });
      identity.update(`${entry.name}\0file\0${entry.file}\0${size}\n`);
      add({ file: entry.file, size, index }, size);
    }
    add({ descriptor: index }, 16);
  });
  const cdOffset = offset;
  const cdSize = layout.reduce((sum, e) => sum + 46 + e.name.length, 0);
  add({ central: true, size: cdSize }, cdSize);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(cdOffset, 16);
  add({ bytes: end }, 22);
  if (offset > LIMIT) throw new Error('the bundle is too large for a plain zip');
  const total = offset;

  const crcOf = async (index: number): Promise<number> => {
    const known = crcs[index];
    if (known !== undefined) return known;
    const { file, size } = layout[index]!;
    let crc = 0;
    let got = 0;
    for await (const piece of createReadStream(file!, { highWaterMark: READ_BUFFER })) {
      crc = crc32(piece as Buffer, crc);
      got += (piece as Buffer).length;
    }
    if (got !== size) throw new Error(`${file} changed while it was sent`);
    crcs[index] = crc;
    return crc;
  };
  const bytesOf = async (segment: Segment): Promise<Buffer> => {
    if ('bytes' in segment) return segment.bytes;
    if ('descriptor' in segment) return descriptor(await crcOf(segment.descriptor), layout[segment.descriptor]!.size);
    const central: Buffer[] = [];
    for (let i = 0; i < layout.length; i++) {
      const e = layout[i]!;
      central.push(centralHeader(e.name, await crcOf(i), e.size, e.at));
    }
    return Buffer.concat(central);
  };

  async function* read(start: number, stop: number): AsyncGenerator<Buffer> {
    let at = 0;
    for (const s of segments) {
      const length = 'bytes' in s ? s.bytes.length : 'descriptor' in s ? 16 : s.size;
      const from = Math.max(start, at);
      const to = Math.min(stop, at + length);
      if (from < to) {
        if ('file' in s) {
          // The CRC is taken on the way only when this read sends the whole file.
          const whole = from === at && to === at + length && crcs[s.index] === undefined;
          let crc = 0;
          let got = 0;
          for await (const piece of createReadStream(s.file, {
            start: from - at,
            end: to - at - 1,
            highWaterMark: READ_BUFFER,
          })) {
            if (whole) crc = crc32(piece as Buffer, crc);
            got += (piece as Buffer).length;
            yield piece as Buffer;
          }
          // A stored file that changed size would make another zip than the one laid out: refused, never sent.
          if (got !== to - from) throw new Error(`${s.file} changed while it was sent`);
          if (whole) crcs[s.index] = crc;
        } else yield (await bytesOf(s)).subarray(from - at, to - at);
      }
      at += length;
      if (at >= stop) return;
    }
  }

  return {
    size: total,
    identity: `sha256:${identity.digest('hex')}`,
    open: (start, stop) => Readable.from(read(start, Math.min(stop, total))),
  };
}
