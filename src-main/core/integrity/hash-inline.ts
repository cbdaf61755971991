import { createHash, type Hash } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import { crc32 } from 'node:zlib';

/**
 * Hashing on the calling thread, for bags too small to be worth a worker (issue 16: starting one costs more than
 * hashing a few MiB). The same work as hash-worker-source.ts's two modes, file and stream, with the same results and
 * the same failures (the Node error's message and code); the caller (HashPool) turns a failure into a HashError.
 */

export interface InlineResult {
  size: number;
  digests: Record<string, string>;
  crc32?: number;
}

export interface InlineHooks {
  aborted: () => boolean;
  onBytes: (bytes: number) => void;
  buffer: () => Buffer; // a read buffer, reused across files (files are hashed one at a time)
}

const cancelled = () => Object.assign(new Error('cancelled'), { code: 'ECANCELLED' });
const makeHashes = (algorithms: string[]): [string, Hash][] => algorithms.map((a) => [a, createHash(a)]);
const finish = (hashes: [string, Hash][]) => Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')]));

async function writeAll(out: fsp.FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) offset += (await out.write(bytes, offset, bytes.length - offset)).bytesWritten;
}

/** Removes a partial copy: only one this run created (a `dst` that could not be opened is someone else's). */
async function drop(out: fsp.FileHandle | null, dst: string | null): Promise<void> {
  if (!out) return;
  await out.close().catch(() => {});
  if (dst) await fsp.unlink(dst).catch(() => {});
}

/** A file read without following a link, hashed with every algorithm, and copied to `dst` in the same pass. */
export async function hashFileInline(
  src: string,
  dst: string | null,
  algorithms: string[],
  hooks: InlineHooks,
): Promise<InlineResult> {
  let file: fsp.FileHandle | null = null;
  let out: fsp.FileHandle | null = null;
  try {
    file = await fsp.open(src, constants.O_RDONLY | (constants.O_NOFOLLOW || 0));
    if (!(await file.stat()).isFile())
      throw Object.assign(new Error(`not a regular file: ${src}`), { code: 'ENOTREG' });
    if (dst) out = await fsp.open(dst, 'wx', 0o600);
    const hashes = makeHashes(algorithms);
    const buf = hooks.buffer();
    let size = 0;
    for (;;) {
      if (hooks.aborted()) throw cancelled();
      const { bytesRead } = await file.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      const bytes = buf.subarray(0, bytesRead);
      for (const [, h] of hashes) h.update(bytes);
      if (out) await writeAll(out, bytes);
      size += bytesRead;
      hooks.onBytes(bytesRead);
    }
    if (out) {
      const done = out;
      out = null;
      await done.close();
    }
    return { size, digests: finish(hashes) };
  } catch (e) {
    await drop(out, dst);
    throw e;
  } finally {
    await file?.close().catch(() => {});
  }
}

/** Bytes streamed in (a zip entry being inflated): hashed, CRC-32'd and written to `dst` when given. */
export class InlineHashStream {
  private readonly hashes: [string, Hash][];
  private readonly opened: Promise<fsp.FileHandle | null>;
  private crc = 0;
  private size = 0;
  private closed = false;

  constructor(
    private readonly dst: string | null,
    algorithms: string[],
    private readonly hooks: Pick<InlineHooks, 'aborted' | 'onBytes'>,
    private readonly settled: () => void,
  ) {
    this.hashes = makeHashes(algorithms);
    this.opened = dst ? fsp.open(dst, 'wx', 0o600) : Promise.resolve(null);
    this.opened.catch(() => {}); // observed by write and end
  }

  async write(chunk: Buffer): Promise<void> {
    const out = await this.opened;
    if (this.hooks.aborted()) throw cancelled();
    for (const [, h] of this.hashes) h.update(chunk);
    this.crc = crc32(chunk, this.crc);
    if (out) await writeAll(out, chunk);
    this.size += chunk.length;
    this.hooks.onBytes(chunk.length);
  }

  async end(): Promise<InlineResult> {
    if (this.closed) throw new Error('the stream was already ended');
    this.closed = true;
    try {
      const out = await this.opened;
      await out?.close();
      return { size: this.size, digests: finish(this.hashes), crc32: this.crc >>> 0 };
    } catch (e) {
      await drop(await this.opened.catch(() => null), this.dst);
      throw e;
    } finally {
      this.settled();
    }
  }

  /** Abandons the stream; its partial output is deleted before the pool is idle. */
  discard(): void {
    if (this.closed) return;
    this.closed = true;
    void this.opened
      .catch(() => null)
      .then((out) => drop(out, this.dst))
      .finally(this.settled);
  }
}
