import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import yazl from 'yazl';

/** A raw ZIP entry; every field a hostile archive could lie about can be overridden. */
export interface RawEntry {
  name: string | Buffer;
  data?: Buffer; // uncompressed content
  method?: number; // 0 stored, 8 deflate, anything else written raw
  flags?: number;
  unixMode?: number; // sets "made by Unix" and the external attributes
  crc?: number; // override the CRC-32 written in both headers
  declaredSize?: number; // override the uncompressed size written in both headers
  localName?: string; // a different name in the local header
  sameOffsetAs?: number; // central entry points at an earlier entry's local header (overlap)
}

/** Writes a ZIP byte by byte, so tests can build archives that tools like yazl refuse to make. */
export function craftZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  const bodies: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.isBuffer(e.name) ? e.name : Buffer.from(e.name, 'utf8');
    const data = e.data ?? Buffer.alloc(0);
    const method = e.method ?? 0;
    const body = e.sameOffsetAs !== undefined ? bodies[e.sameOffsetAs]! : method === 8 ? deflateRawSync(data) : data;
    bodies.push(body);
    const crc = e.crc ?? crc32(data);
    const size = e.declaredSize ?? data.length;
    const flags = (e.flags ?? 0) | 0x800;
    const localName = e.localName !== undefined ? Buffer.from(e.localName, 'utf8') : name;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(localName.length, 26);
    const myOffset = e.sameOffsetAs !== undefined ? offsets[e.sameOffsetAs]! : offset;
    offsets.push(offset);
    if (e.sameOffsetAs === undefined) {
      locals.push(local, localName, body);
      offset += local.length + localName.length + body.length;
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.unixMode !== undefined ? (3 << 8) | 20 : 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(e.unixMode !== undefined ? (e.unixMode << 16) >>> 0 : 0, 38);
    central.writeUInt32LE(myOffset, 42);
    centrals.push(central, name);
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The tag files of a valid BagIt 1.0 bag (sha256 manifest, Payload-Oxum) for the given payload. */
export function bagFiles(
  payload: Record<string, Buffer | string>,
  opts: { eol?: string; upper?: boolean } = {},
): Record<string, Buffer> {
  const eol = opts.eol ?? '\n';
  const files: Record<string, Buffer> = {};
  let bytes = 0;
  const lines: string[] = [];
  for (const [p, content] of Object.entries(payload)) {
    const buf = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    files[`data/${p}`] = buf;
    bytes += buf.length;
    const hex = sha256(buf);
    lines.push(
      `${opts.upper ? hex.toUpperCase() : hex}  data/${p.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D')}`,
    );
  }
  files['bagit.txt'] = Buffer.from(`BagIt-Version: 1.0${eol}Tag-File-Character-Encoding: UTF-8${eol}`);
  files['bag-info.txt'] = Buffer.from(`Payload-Oxum: ${bytes}.${Object.keys(payload).length}${eol}`);
  files['manifest-sha256.txt'] = Buffer.from(lines.map((l) => l + eol).join(''));
  return files;
}

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'provdesk-test-'));
}

/** Writes a ZIP with yazl (a well-formed archive, as real tools make them). */
export async function writeZip(
  file: string,
  files: Record<string, Buffer>,
  opts: { prefix?: string; compress?: boolean } = {},
): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [p, buf] of Object.entries(files))
    zip.addBuffer(buf, `${opts.prefix ?? ''}${p}`, { compress: opts.compress ?? true, mtime: new Date(0) });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(file)).on('close', resolve).on('error', reject);
  });
  return file;
}

export function writeRaw(file: string, buf: Buffer): string {
  writeFileSync(file, buf);
  return file;
}

/** Raw entries for a complete valid bag (to be extended with a hostile entry). */
export function rawBag(payload: Record<string, string>): RawEntry[] {
  return Object.entries(bagFiles(payload)).map(([name, data]) => ({ name, data }));
}
