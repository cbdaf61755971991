import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { type FileIo, writeAll, writeDurably } from './file-io';

/**
 * A snapshot file: "PDSNAP01", u32 header length, a JSON header naming the generation, the last
 * journal seq it contains and the SHA-256 of the SQLite image, then the image itself. A truncated or
 * corrupted file fails the size or digest check and is never loaded.
 */
export interface SnapshotHeader {
  format: 1;
  gen: number;
  txnSeq: number;
  dbBytes: number;
  sha256: string;
  time: string;
}

const MAGIC = Buffer.from('PDSNAP01', 'latin1');

export function snapshotFile(dir: string, gen: number): string {
  return path.join(dir, `snapshot-${gen}.sqlite`);
}

export function journalFile(dir: string, gen: number): string {
  return path.join(dir, `journal-${gen}.log`);
}

/** Writes snapshot-<gen> durably: temp file, fsync, rename, fsync the folder. */
export function writeSnapshot(
  dir: string,
  gen: number,
  txnSeq: number,
  image: Uint8Array,
  io: FileIo,
  now: Date,
): void {
  const header: SnapshotHeader = {
    format: 1,
    gen,
    txnSeq,
    dbBytes: image.length,
    sha256: createHash('sha256').update(image).digest('hex'),
    time: now.toISOString(),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const head = Buffer.alloc(12 + json.length);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(json.length, 8);
  json.copy(head, 12);
  writeDurably(
    snapshotFile(dir, gen),
    (fd) => {
      writeAll(io, fd, head, 0);
      writeAll(io, fd, image, head.length);
    },
    io,
    0o600,
  );
}

export type SnapshotRead = { ok: true; header: SnapshotHeader; image: Uint8Array } | { ok: false; reason: string };

export function readSnapshot(file: string, gen: number): SnapshotRead {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, reason: `cannot read: ${(e as Error).message}` };
  }
  if (buf.length < 12 || !buf.subarray(0, 8).equals(MAGIC)) return { ok: false, reason: 'not a snapshot (bad magic)' };
  const jsonLen = buf.readUInt32LE(8);
  if (12 + jsonLen > buf.length) return { ok: false, reason: 'truncated header' };
  let header: SnapshotHeader;
  try {
    header = JSON.parse(buf.subarray(12, 12 + jsonLen).toString('utf8')) as SnapshotHeader;
  } catch {
    return { ok: false, reason: 'unreadable header' };
  }
  if (header.format !== 1 || header.gen !== gen || !Number.isInteger(header.txnSeq)) {
    return { ok: false, reason: 'header does not describe this generation' };
  }
  const image = buf.subarray(12 + jsonLen);
  if (image.length !== header.dbBytes) {
    return { ok: false, reason: `truncated: ${image.length} of ${header.dbBytes} bytes` };
  }
  const digest = createHash('sha256').update(image).digest('hex');
  if (digest !== header.sha256) return { ok: false, reason: 'checksum mismatch' };
  return { ok: true, header, image: new Uint8Array(image.buffer, image.byteOffset, image.byteLength) };
}

/** Generations present in the folder, by kind, ascending. */
export function listGenerations(dir: string): { snapshots: number[]; journals: number[]; temps: string[] } {
  const snapshots: number[] = [];
  const journals: number[] = [];
  const temps: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    let m = /^snapshot-(\d{1,9})\.sqlite$/.exec(name);
    if (m) snapshots.push(Number(m[1]));
    m = /^journal-(\d{1,9})\.log$/.exec(name);
    if (m) journals.push(Number(m[1]));
    if (/^(snapshot|journal)-\d+\.(sqlite|log)\.tmp-\d+$/.test(name)) temps.push(path.join(dir, name));
  }
  const asc = (a: number, b: number) => a - b;
  return { snapshots: snapshots.sort(asc), journals: journals.sort(asc), temps };
}
