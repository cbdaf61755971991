import fs from 'node:fs';
import path from 'node:path';

/**
 * The few file writes whose failure the store must survive (journal appends, snapshot writes).
 * A seam so tests can inject a full disk or an EIO; production uses the real calls.
 */
export interface FileIo {
  /** Writes some bytes of `data` at `position` (or the current offset); returns how many. */
  write(fd: number, data: Uint8Array, position: number | null): number;
  fsync(fd: number): void;
  truncate(fd: number, length: number): void;
}

export const nodeFileIo: FileIo = {
  write: (fd, data, position) => fs.writeSync(fd, data, 0, data.length, position),
  fsync: (fd) => fs.fsyncSync(fd),
  truncate: (fd, length) => fs.ftruncateSync(fd, length),
};

/** Writes all of `data`, looping over short writes. */
export function writeAll(io: FileIo, fd: number, data: Uint8Array, position: number | null): void {
  let done = 0;
  while (done < data.length) {
    const n = io.write(fd, data.subarray(done), position === null ? null : position + done);
    if (n <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    done += n;
  }
}

/** Makes a rename/create/unlink inside `dir` durable. Some platforms cannot fsync a folder; that is not an error. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') throw e;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes a file durably: `write` fills a temp file beside it, which is fsync'd, renamed into place and its
 * folder fsync'd; on any failure the temp file is removed and the previous file stays as it was.
 */
export function writeDurably(file: string, write: (fd: number) => void, io: FileIo = nodeFileIo, mode = 0o644): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    write(fd);
    io.fsync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

/** Writes a whole file durably (see writeDurably). */
export function writeFileDurable(file: string, data: Uint8Array, io: FileIo = nodeFileIo, mode = 0o644): void {
  writeDurably(file, (fd) => writeAll(io, fd, data, 0), io, mode);
}
