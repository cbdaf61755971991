import { createInflateRaw, crc32 } from 'node:zlib';
import type { Readable } from 'node:stream';
import type yauzl from 'yauzl';
import type { Problem } from '../../common/problem';
import { RULES } from '../integrity/bag-rules';
import type { HashPool, HashResult, HashStream } from '../integrity/hash-pool';
import type { ZipItem } from './zip-scan';

/** A hostile or corrupt archive found while reading entry data (THREATS 4-5): the whole import stops. */
export class ArchiveRefusal extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'ArchiveRefusal';
  }
}

function refusal(item: ZipItem, e: unknown): ArchiveRefusal {
  return new ArchiveRefusal({
    code: 'archive-invalid',
    message: `entry ${JSON.stringify(item.name)}: ${(e as Error).message ?? String(e)}`,
    path: item.name,
    rule: RULES.archiveIntegrity,
  });
}

function tooLong(item: ZipItem): ArchiveRefusal {
  return new ArchiveRefusal({
    code: 'archive-limit',
    message: `entry ${JSON.stringify(item.name)}: inflates past its declared size of ${item.entry.uncompressedSize} bytes`,
    path: item.name,
    rule: RULES.archiveLimits,
  });
}

/** Counts inflated bytes against the declared size: past it → refused at once (a bomb is never finished). */
class SizeGuard {
  private seen = 0;
  constructor(private readonly item: ZipItem) {}
  add(n: number): void {
    this.seen += n;
    if (this.seen > this.item.entry.uncompressedSize) throw tooLong(this.item);
  }
  end(): void {
    if (this.seen !== this.item.entry.uncompressedSize)
      throw refusal(
        this.item,
        new Error(`ends after ${this.seen} of its declared ${this.item.entry.uncompressedSize} bytes`),
      );
  }
}

/**
 * The entry's bytes, inflated here rather than by yauzl so the inflater can emit large chunks (fewer
 * hand-offs per GiB); sizes are checked by SizeGuard, CRC-32 by the caller.
 */
async function open(zip: yauzl.ZipFile, item: ZipItem): Promise<Readable> {
  let raw: Readable;
  try {
    raw = (await zip.openReadStreamPromise(item.entry, { decodeFileData: false })) as Readable;
  } catch (e) {
    throw refusal(item, e);
  }
  if (item.entry.compressionMethod === 0) return raw;
  const inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK });
  raw.on('error', (e) => inflate.destroy(e));
  inflate.on('close', () => raw.destroy());
  return raw.pipe(inflate);
}

const INFLATE_CHUNK = 256 * 1024;

/** Reads a small entry into memory, checking its size and CRC-32. */
export async function readZipEntry(zip: yauzl.ZipFile, item: ZipItem, signal?: AbortSignal): Promise<Buffer> {
  const stream = await open(zip, item);
  const chunks: Buffer[] = [];
  const guard = new SizeGuard(item);
  let crc = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      guard.add(chunk.length);
      crc = crc32(chunk, crc);
      chunks.push(chunk);
    }
    guard.end();
  } catch (e) {
    stream.destroy();
    if (signal?.aborted || e instanceof ArchiveRefusal) throw e;
    throw refusal(item, e);
  }
  if (crc >>> 0 !== item.entry.crc32) throw refusal(item, new Error('CRC-32 mismatch (corrupt data)'));
  return Buffer.concat(chunks);
}

/**
 * Streams entries to the hash workers, `concurrency` at a time (inflate runs on libuv's pool, hashing
 * and writing in the workers, so both cores work). With `dstOf`, each entry is written to its staging
 * path during the same pass. Any refusal aborts the rest; partial outputs are deleted by the workers.
 */
export async function hashZipEntries(
  zip: yauzl.ZipFile,
  items: ZipItem[],
  pool: HashPool,
  algorithms: string[],
  dstOf: ((item: ZipItem) => Promise<string>) | null,
  concurrency: number,
  signal?: AbortSignal,
): Promise<Map<string, HashResult>> {
  const results = new Map<string, HashResult>();
  let next = 0;
  let failed: unknown = null;
  const one = async (item: ZipItem): Promise<void> => {
    const dst = dstOf ? await dstOf(item) : null;
    const stream = await open(zip, item);
    let out: HashStream | null = pool.stream(dst, algorithms);
    const guard = new SizeGuard(item);
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (failed) throw failed;
        signal?.throwIfAborted();
        guard.add(chunk.length);
        await out.write(chunk);
      }
      guard.end();
      const r = await out.end();
      out = null;
      if (r.crc32 !== item.entry.crc32) throw refusal(item, new Error('CRC-32 mismatch (corrupt data)'));
      results.set(item.path, r);
    } catch (e) {
      stream.destroy();
      out?.discard();
      if (e instanceof ArchiveRefusal || signal?.aborted || (e as { code?: string }).code?.startsWith?.('E')) throw e;
      throw refusal(item, e);
    }
  };
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await one(item);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  if (failed) throw failed;
  return results;
}
