// The tag-file memory attack of issue 13, built in code: a valid bag (a tag manifest lists every tag file) with
// `extras` extra tag files of `extraBytes` each. The extra content is deflated once and written for every entry,
// so a 20 × 60 MiB bag takes a second and about 25 MB of disk; its compression ratio stays under the zip-bomb limit.
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

export interface TagBombOptions {
  extras: number; // extra tag files; 0 makes the same bag without them (the baseline)
  extraBytes: number; // uncompressed size of each
}

const MiB = 1024 * 1024;
export const ATTACK: TagBombOptions = { extras: 20, extraBytes: 60 * MiB };

/** Writes the bag as a ZIP; returns its size and the extra entries' compression ratio. */
export function writeTagBombZip(file: string, options: TagBombOptions): { zipBytes: number; ratio: number } {
  const extra = extraContent(options.extraBytes);
  const extraBody = deflateRawSync(extra, { level: 6 });
  const extraCrc = crc32(extra);
  const extraSha = sha256(extra);
  const payload = Buffer.from('the payload of a valid bag\n');
  const tags: [string, Buffer][] = [
    ['bagit.txt', Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n')],
    ['bag-info.txt', Buffer.from(`Payload-Oxum: ${payload.length}.1\n`)],
    ['manifest-sha256.txt', Buffer.from(`${sha256(payload)}  data/hello.txt\n`)],
  ];
  const extraNames = Array.from({ length: options.extras }, (_, i) =>
    i % 2 ? `notes/extra-${i}.log` : `extra-${i}.bin`,
  );
  const listed = [...tags.map(([n, b]) => `${sha256(b)}  ${n}\n`), ...extraNames.map((n) => `${extraSha}  ${n}\n`)];
  tags.push(['tagmanifest-sha256.txt', Buffer.from(listed.join(''))]);

  const writer = new ZipWriter(file);
  for (const [name, data] of [...tags, ['data/hello.txt', payload] as [string, Buffer]])
    writer.add(name, data, crc32(data), data.length);
  for (const name of extraNames) writer.add(name, extraBody, extraCrc, extra.length, 8);
  const zipBytes = writer.end();
  const total = options.extras * extra.length;
  return { zipBytes, ratio: total > 0 ? total / (options.extras * extraBody.length) : 0 };
}

/** Per 64 KiB: 1 KiB of pseudo-random bytes, then repeated text; deflates about 50:1 (the limit is 200:1). */
function extraContent(bytes: number): Buffer {
  const buf = Buffer.alloc(bytes);
  const text = Buffer.from('provenance desk tag file padding line\n');
  let x = 0x9e3779b9;
  for (let block = 0; block < bytes; block += 64 * 1024) {
    const end = Math.min(bytes, block + 64 * 1024);
    for (let i = block; i < Math.min(end, block + 1024); i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      buf[i] = x & 0xff;
    }
    for (let i = block + 1024; i < end; i++) buf[i] = text[i % text.length]!;
  }
  return buf;
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Stored or pre-deflated entries, written straight to disk; no ZIP64 (every size fits in 32 bits). */
class ZipWriter {
  private fd: number;
  private offset = 0;
  private central: Buffer[] = [];
  private count = 0;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  add(name: string, body: Buffer, crc: number, size: number, method = 0): void {
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x800, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt16LE(0x21, 14);
    c.writeUInt32LE(crc >>> 0, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(this.offset, 42);
    this.central.push(c, n);
    for (const b of [local, n, body]) this.write(b);
    this.count++;
  }
  end(): number {
    const cd = Buffer.concat(this.central);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(this.count, 8);
    eocd.writeUInt16LE(this.count, 10);
    eocd.writeUInt32LE(cd.length, 12);
    eocd.writeUInt32LE(this.offset, 16);
    const end = this.offset + cd.length + eocd.length;
    this.write(cd);
    this.write(eocd);
    closeSync(this.fd);
    return end;
  }
  private write(b: Buffer): void {
    for (let done = 0; done < b.length;) done += writeSync(this.fd, b, done);
    this.offset += b.length;
  }
}
