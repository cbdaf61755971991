import { createHash } from 'node:crypto';
import { constants, createWriteStream, existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { deflateRawSync } from 'node:zlib';
import yazl from 'yazl';
import { CodedError } from '../../common/result';
import { fsyncDir } from '../store/file-io';

/** How bundle zips reach the disk: whole or not at all, each file streamed and hashed in the one read. */

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
export const SAMPLE_BYTES = 64 * 1024;
const STORE_ABOVE_RATIO = 0.9; // a sample that deflates to more than 90% of its size: stored, not deflated

/**
 * Deflating incompressible data (weights, images, archives) costs most of the time and saves nothing, so the
 * first 64 KiB decide: a quick level-1 deflate of the sample that saves under 10% means the file is stored.
 */
export function compressionLevelFor(sample: Uint8Array, level: number): number {
  if (sample.byteLength < 512) return level;
  return deflateRawSync(sample, { level: 1 }).byteLength > sample.byteLength * STORE_ABOVE_RATIO ? 0 : level;
}

/** The target must not exist yet: a bundle we write never replaces a file. */
export function refuseExisting(target: string): void {
  if (existsSync(target))
    throw new CodedError('conflict', `${target} already exists; choose another file name`, {
      path: target,
      input: true,
    });
}

/** A new file in an existing folder, checked before any work is done. */
export function newOutput(target: string): string {
  const out = path.resolve(target);
  refuseExisting(out);
  if (!existsSync(path.dirname(out)))
    throw new CodedError('not-found', `the folder ${path.dirname(out)} does not exist`);
  return out;
}

/**
 * Runs `fill` against a new zip written to a temp file beside `target`, then fsyncs and renames it, so a reader
 * never sees half a bundle; on any failure the temp file is removed. `exclusive`: refuse an existing target.
 */
export async function writeZipAtomically<T>(
  target: string,
  fill: (zip: yazl.ZipFile) => Promise<T>,
  options: {
    exclusive?: boolean;
    /** Each byte written, in order (a digest of the whole zip taken as it is written). */
    tap?: (chunk: Buffer) => void;
    /** false: no fsync (a temp file that is only sent on, e.g. to a registry). */
    durable?: boolean;
  } = {},
): Promise<T> {
  const out = path.resolve(target);
  if (options.exclusive) refuseExisting(out);
  const temp = `${out}.partial-${process.pid}-${Date.now()}`;
  const zip = new yazl.ZipFile();
  const tap = options.tap;
  const output = createWriteStream(temp, { flags: 'wx', highWaterMark: 4 * 1024 * 1024 });
  const written = tap
    ? pipeline(
        zip.outputStream,
        new Transform({
          transform(chunk: Buffer, _enc, done) {
            tap(chunk);
            done(null, chunk);
          },
        }),
        output,
      )
    : pipeline(zip.outputStream, output);
  written.catch(() => undefined); // awaited below; this only keeps an early failure from being unhandled
  try {
    const result = await fill(zip);
    zip.end();
    await written;
    if (options.durable !== false) {
      const handle = await fsp.open(temp, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    if (options.exclusive) refuseExisting(out); // made while we wrote
    await fsp.rename(temp, out);
    if (options.durable !== false) fsyncDir(path.dirname(out));
    return result;
  } catch (error) {
    (zip.outputStream as Readable).destroy();
    await written.catch(() => undefined);
    await fsp.rm(temp, { force: true });
    if (error instanceof CodedError) throw error;
    throw new CodedError('io-error', `could not write ${out}: ${(error as Error).message}`);
  }
}

/**
 * Streams one file into the archive as `data/<rel>` (or `name`, e.g. a tag file) through a hashing pass; resolves
 * when yazl has consumed all of it. Opened without following links; a peek at its start decides deflate or store.
 */
export async function streamFile(
  zip: yazl.ZipFile,
  rel: string,
  file: string,
  level: number,
  name = `data/${rel}`,
): Promise<{ path: string; size: number; sha256: string }> {
  let handle;
  try {
    handle = await fsp.open(file, constants.O_RDONLY | NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP')
      throw new CodedError('invalid-request', `${file} is a symbolic link; only regular files are packed`, {
        path: rel,
      });
    throw new CodedError('io-error', `cannot read ${file}: ${(e as Error).message}`, { path: rel, input: true });
  }
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    throw new CodedError('invalid-request', `${file} is not a regular file`, { path: rel });
  }
  const peek = Buffer.allocUnsafe(Math.min(SAMPLE_BYTES, st.size));
  const { bytesRead } = peek.length > 0 ? await handle.read(peek, 0, peek.length, 0) : { bytesRead: 0 };
  const compressionLevel = compressionLevelFor(peek.subarray(0, bytesRead), level);
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const source = handle.createReadStream({ start: 0 });
  const done = new Promise<void>((resolve, reject) => {
    tap.on('end', resolve);
    tap.on('error', reject);
    source.on('error', reject);
  });
  source.pipe(tap);
  zip.addReadStream(tap, name, { compressionLevel });
  await done;
  return { path: rel, size, sha256: hash.digest('hex') };
}
