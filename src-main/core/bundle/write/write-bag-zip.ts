import { createHash } from 'node:crypto';
import { constants, createWriteStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { deflateRawSync } from 'node:zlib';
import yazl from 'yazl';
import { CodedError } from '../../../common/result';
import { fsyncDir } from '../../store/file-io';
import { BAGIT_TXT, type BagInfo, type HashedPayload, bagInfoText, manifestText, tagManifestText } from './tag-files';

/** A payload file to write: bytes from disk (streamed, hashed in the same read) or from memory. */
export type PayloadInput = { path: string; file: string } | { path: string; bytes: Uint8Array };

export interface BagWriteResult {
  file: string;
  payload: HashedPayload[]; // in the order written
  manifest: string; // manifest-sha256.txt as written (its bytes are the bundle digest's normal form)
}

/**
 * Files generated from the hashes of the others (the RO-Crate lists every file's sha256): called once the
 * streamed files are in, returns the remaining payload and the bag-info values.
 */
export type FinishPayload = (hashed: HashedPayload[]) => { generated: { path: string; bytes: Uint8Array }[]; bagInfo: BagInfo };

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const SAMPLE_BYTES = 64 * 1024;
const STORE_ABOVE_RATIO = 0.9; // a sample that deflates to more than 90% of its size: stored, not deflated

/**
 * Deflating incompressible data (weights, images, archives) costs most of the time and saves nothing, so the
 * first 64 KiB decide: a quick level-1 deflate of the sample that saves under 10% means the file is stored.
 */
export function compressionLevelFor(sample: Uint8Array, level: number): number {
  if (sample.byteLength < 512) return level;
  return deflateRawSync(sample, { level: 1 }).byteLength > sample.byteLength * STORE_ABOVE_RATIO ? 0 : level;
}

/**
 * Writes a BagIt 1.0 ZIP at the archive root: payload under data/, manifest-sha256.txt, bag-info.txt
 * (with Payload-Oxum), tagmanifest-sha256.txt. Each file is read once, hashed while it is compressed; the
 * archive goes to a temp file beside the target, is fsync'd, then renamed, so a reader never sees half a bundle.
 */
export async function writeBagZip(target: string, inputs: PayloadInput[], finish: FinishPayload, options: { compressionLevel?: number } = {}): Promise<BagWriteResult> {
  const level = options.compressionLevel ?? 1; // level 1: about 3x faster than 6 for a few % more bytes (bench/pack)
  const out = path.resolve(target);
  const temp = `${out}.partial-${process.pid}-${Date.now()}`;
  const zip = new yazl.ZipFile();
  const written = pipeline(zip.outputStream, createWriteStream(temp, { flags: 'wx' }));
  written.catch(() => undefined); // awaited below; this only keeps an early failure from being unhandled
  try {
    const hashed: HashedPayload[] = [];
    const addBytes = (p: string, bytes: Uint8Array) => {
      zip.addBuffer(Buffer.from(bytes), `data/${p}`, { compressionLevel: compressionLevelFor(bytes.subarray(0, SAMPLE_BYTES), level) });
      hashed.push({ path: p, size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
    };
    for (const input of inputs) {
      if ('bytes' in input) addBytes(input.path, input.bytes);
      else hashed.push(await streamFile(zip, input.path, input.file, level));
    }
    const { generated, bagInfo } = finish([...hashed]);
    for (const g of generated) addBytes(g.path, g.bytes);

    const tags: Record<string, string> = {
      'bagit.txt': BAGIT_TXT,
      'bag-info.txt': bagInfoText(bagInfo, hashed),
      'manifest-sha256.txt': manifestText(hashed),
    };
    for (const [name, body] of Object.entries(tags)) zip.addBuffer(Buffer.from(body, 'utf8'), name);
    zip.addBuffer(Buffer.from(tagManifestText(tags), 'utf8'), 'tagmanifest-sha256.txt');
    zip.end();
    await written;
    const handle = await fsp.open(temp, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, out);
    fsyncDir(path.dirname(out));
    return { file: out, payload: hashed, manifest: tags['manifest-sha256.txt'] as string };
  } catch (error) {
    (zip.outputStream as Readable).destroy();
    await written.catch(() => undefined);
    await fsp.rm(temp, { force: true });
    if (error instanceof CodedError) throw error;
    throw new CodedError('io-error', `could not write ${out}: ${(error as Error).message}`);
  }
}

/** Streams one file into the archive through a hashing pass; resolves when yazl has consumed all of it. */
async function streamFile(zip: yazl.ZipFile, rel: string, file: string, level: number): Promise<HashedPayload> {
  let handle;
  try {
    handle = await fsp.open(file, constants.O_RDONLY | NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new CodedError('invalid-request', `${file} is a symbolic link; only regular files are packed`, { path: rel });
    throw new CodedError('io-error', `cannot read ${file}: ${(e as Error).message}`, { path: rel, input: true });
  }
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    throw new CodedError('invalid-request', `${file} is not a regular file`, { path: rel });
  }
  // a peek at the start decides deflate or store; the hashing pass below is still the file's only full read
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
  zip.addReadStream(tap, `data/${rel}`, { compressionLevel });
  await done;
  return { path: rel, size, sha256: hash.digest('hex') };
}
