import fs from 'node:fs';
import { crc32 } from 'node:zlib';
import type { EncodedParam } from './sql-params';
import { type FileIo, writeAll } from './file-io';

/**
 * The append-only journal of committed transactions: a 16-byte header, then frames of
 * [u32 length][u32 crc32(payload)][payload: JSON {seq, statements}]. A frame is acknowledged only after
 * it is fsync'd, so a torn or corrupt frame at the end was never acknowledged and is cut off on open.
 */
export type RecordedStatement = [sql: string, params?: EncodedParam[]];
export interface JournalRecord {
  seq: number;
  statements: RecordedStatement[];
}

const MAGIC = Buffer.from('PDJRNL01', 'latin1');
export const JOURNAL_HEADER_BYTES = 16;
const FRAME_HEADER_BYTES = 8;
/** A frame longer than this is treated as corruption, not as a record to allocate for. */
const MAX_FRAME_BYTES = 1 << 30;

export function journalHeader(gen: number): Buffer {
  const b = Buffer.alloc(JOURNAL_HEADER_BYTES);
  MAGIC.copy(b, 0);
  b.writeUInt32LE(gen, 8);
  return b;
}

export function encodeRecord(record: JournalRecord): Buffer {
  const payload = Buffer.from(JSON.stringify(record), 'utf8');
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  payload.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

export interface JournalScan {
  records: JournalRecord[];
  /** Bytes up to the end of the last good frame. */
  validBytes: number;
  /** Why scanning stopped early, if it did; `midFile` when good-looking data follows (corruption, not a torn write). */
  stop: { offset: number; reason: string; midFile: boolean } | null;
  headerOk: boolean;
}

export function scanJournal(buf: Buffer, gen: number): JournalScan {
  if (buf.length < JOURNAL_HEADER_BYTES || !buf.subarray(0, 8).equals(MAGIC) || buf.readUInt32LE(8) !== gen) {
    return {
      records: [],
      validBytes: 0,
      stop: { offset: 0, reason: 'bad journal header', midFile: buf.length > 0 },
      headerOk: false,
    };
  }
  const records: JournalRecord[] = [];
  let off = JOURNAL_HEADER_BYTES;
  while (off < buf.length) {
    const bad = (reason: string, end: number) => ({
      records,
      validBytes: off,
      stop: { offset: off, reason, midFile: end < buf.length },
      headerOk: true,
    });
    if (buf.length - off < FRAME_HEADER_BYTES) return bad('torn frame header', buf.length);
    const len = buf.readUInt32LE(off);
    const end = off + FRAME_HEADER_BYTES + len;
    if (len > MAX_FRAME_BYTES || end > buf.length) return bad('frame runs past the end of the file', buf.length);
    const payload = buf.subarray(off + FRAME_HEADER_BYTES, end);
    if (crc32(payload) !== buf.readUInt32LE(off + 4)) return bad('frame checksum mismatch', end);
    let record: JournalRecord;
    try {
      record = JSON.parse(payload.toString('utf8')) as JournalRecord;
    } catch {
      return bad('frame is not JSON', end);
    }
    if (!Number.isInteger(record.seq) || !Array.isArray(record.statements)) return bad('frame is not a record', end);
    records.push(record);
    off = end;
  }
  return { records, validBytes: off, stop: null, headerOk: true };
}

/** Appends frames to one journal file; on a failed append cuts the file back so no partial frame remains. */
export class JournalWriter {
  private constructor(
    readonly file: string,
    readonly gen: number,
    private fd: number,
    private length: number,
    private readonly io: FileIo,
  ) {}

  /** True after a failed append whose cut-back also failed. */
  private dirty = false;

  /** Creates a new, empty journal durably (temp, fsync, rename is done by the caller's folder fsync). */
  static create(file: string, gen: number, io: FileIo): JournalWriter {
    const tmp = `${file}.tmp-${process.pid}`;
    const fd = fs.openSync(tmp, 'w+', 0o600);
    try {
      writeAll(io, fd, journalHeader(gen), 0);
      io.fsync(fd);
      fs.renameSync(tmp, file);
    } catch (e) {
      fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    return new JournalWriter(file, gen, fd, JOURNAL_HEADER_BYTES, io);
  }

  /** Opens an existing journal whose first `validBytes` are good; anything after is cut off. */
  static openExisting(file: string, gen: number, validBytes: number, io: FileIo): JournalWriter {
    const fd = fs.openSync(file, 'r+');
    const size = fs.fstatSync(fd).size;
    if (size !== validBytes) {
      io.truncate(fd, validBytes);
      io.fsync(fd);
    }
    return new JournalWriter(file, gen, fd, validBytes, io);
  }

  get size(): number {
    return this.length;
  }

  /** Appends and fsyncs one record; throws (leaving the file as it was) if either fails. */
  append(record: JournalRecord): void {
    this.ensureClean();
    const frame = encodeRecord(record);
    try {
      writeAll(this.io, this.fd, frame, this.length);
      this.io.fsync(this.fd);
    } catch (e) {
      this.cutBack();
      throw e;
    }
    this.length += frame.length;
  }

  /** Takes back the last appended record (its transaction failed to commit in memory). */
  undoLast(lastLength: number): void {
    this.length = lastLength;
    this.cutBack();
    if (this.dirty) throw Object.assign(new Error('could not remove a journal record'), { code: 'EIO' });
  }

  /** Removes whatever a failed append left; if that fails too, the next append must retry it first. */
  private cutBack(): void {
    try {
      this.io.truncate(this.fd, this.length);
      this.io.fsync(this.fd);
      this.dirty = false;
    } catch {
      this.dirty = true;
    }
  }

  /** Before appending after a failure: the cut-back must have succeeded, or the file could hold a rejected frame. */
  ensureClean(): void {
    if (!this.dirty) return;
    this.io.truncate(this.fd, this.length);
    this.io.fsync(this.fd);
    this.dirty = false;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
