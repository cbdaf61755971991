import { constants, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Problem } from '../../common/problem';
import { CodedError } from '../../common/result';
import type { VerifyReport } from '../../common/schemas/bundle';
import type { Progress } from '../../common/schemas/job';
import { resolveLimits, type ArchiveLimits } from './archive-limits';
import type { BundleSource } from './bundle-source';
import { openFolderBundle } from './folder-bundle';
import { openZipBundle } from './zip-bundle';
import { ArchiveRefusal } from './zip-extract';
import { analyzeBag } from '../integrity/bag-analyze';
import { finishBag } from '../integrity/bag-finish';
import { HashError, HashPool, INLINE_HASH_BYTES, type HashResult } from '../integrity/hash-pool';
import { ProgressMeter } from '../integrity/progress-meter';
import { readVerifiedText } from '../integrity/payload-text';

export type { ArchiveLimits } from './archive-limits';

export interface VerifyOptions {
  stage?: boolean; // true: copy every payload file into a private staging folder while hashing (import)
  stagingRoot?: string; // where the private staging folder is made (default os.tmpdir())
  signal?: AbortSignal; // cancel → rejects with CodedError('cancelled'), staging removed
  onProgress?: (p: Progress) => void;
  limits?: Partial<ArchiveLimits>;
  threads?: number; // hashing workers, default os.availableParallelism(); none for a bag under INLINE_HASH_BYTES
}
export interface PayloadFile {
  path: string;
  size: number;
  sha256: string;
  stagedPath: string | null;
}
/**
 * A tag file too large to hold (bundle/tag-file-limits.ts): hashed as a stream, staged like the payload with `stage`.
 */
export type StreamedTagFile = PayloadFile;
export interface VerifiedBundle {
  report: VerifyReport;
  refused: boolean;
  bagDir: string | null;
  payload: PayloadFile[];
  tagFiles: Record<string, Buffer>; // the tag files held in memory: every known one and the small others
  streamedTagFiles: StreamedTagFile[];
  readPayloadText(path: string, maxBytes: number): Promise<string | null>;
  cleanup(): Promise<void>;
}

/**
 * Verifies a bundle (ZIP or folder) as a BagIt bag, cheapest checks first: the container (THREATS 1-6),
 * then structure, counts and sizes, then missing/extra files, then digests computed off the main thread.
 * With `stage`, every file is copied into a fresh private folder in the same pass as hashing.
 * Throws CodedError('not-found' | 'io-error') only when the source cannot be read at all, and
 * CodedError('cancelled') on abort; hostile or invalid input is a report.
 */
export async function verifyBundle(source: string, options: VerifyOptions = {}): Promise<VerifiedBundle> {
  const { signal } = options;
  const limits = resolveLimits(options.limits);
  const threads = Math.max(1, options.threads ?? os.availableParallelism());
  const meter = new ProgressMeter(options.onProgress);
  let st;
  try {
    st = await fsp.stat(source);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CodedError(
      code === 'ENOENT' || code === 'ENOTDIR' ? 'not-found' : 'io-error',
      `cannot read ${source}: ${(e as Error).message}`,
    );
  }
  if (!st.isFile() && !st.isDirectory())
    throw new CodedError('io-error', `${source} is neither a file nor a folder`, { input: true, path: source });
  checkCancel(signal);

  let staging: string | null = null;
  let src: BundleSource | null = null;
  let pool: HashPool | null = null;
  const removeStaging = async () => {
    if (staging) await fsp.rm(staging, { recursive: true, force: true });
    staging = null;
  };
  try {
    meter.begin('scanning', 0, 0);
    src = st.isDirectory() ? await openFolderBundle(source, limits) : await openZipBundle(source, limits, threads);
    checkCancel(signal);
    const listing = src.listing;
    if (src.refusal.length > 0) return refusedResult(src, refusedReport(src.refusal));
    meter.begin('checking', 0, 0);
    const analysis = analyzeBag(listing);
    if (analysis.refused)
      return refusedResult(src, finishBag(analysis, listing, new Map(), { problems: [], warnings: [] }));

    // A private folder for the bag's tree: the staged copy (import) or, for an unstaged ZIP, its tag files.
    const stage = options.stage === true;
    const needDir = stage || src.kind === 'zip';
    if (needDir) {
      staging = await fsp.mkdtemp(path.join(options.stagingRoot ?? os.tmpdir(), 'provdesk-stage-'));
      const dirs = new Set<string>();
      for (const p of stage ? listing.files.keys() : listing.tags.keys()) dirs.add(path.dirname(p));
      for (const d of [...dirs].sort()) await fsp.mkdir(path.join(staging, d), { recursive: true });
      for (const [p, buf] of listing.tags) await fsp.writeFile(path.join(staging, p), buf, { flag: 'wx', mode: 0o600 });
    }
    const stagedDir = staging;
    const dstOf = stage && stagedDir ? (p: string) => path.join(stagedDir, p) : null;

    const streamed = [...listing.streamedTags].sort();
    const streamedBytes = streamed.reduce((sum, p) => sum + (listing.files.get(p) ?? 0), 0);
    meter.begin(
      stage ? 'staging' : 'hashing',
      analysis.payloadBytes + streamedBytes,
      analysis.payloadFiles.length + streamed.length,
    );
    // A small bag is hashed on this thread: starting the workers would take longer than the hashing (issue 16).
    const hashHere = analysis.payloadBytes + streamedBytes <= INLINE_HASH_BYTES;
    pool = new HashPool(hashHere ? 'inline' : threads, meter.bytes, meter.file);
    const stopPool = pool.abort.bind(pool);
    signal?.addEventListener('abort', stopPool, { once: true });
    let computed: Map<string, HashResult>;
    try {
      computed = await src.hashFiles(analysis.payloadFiles, analysis.hashAlgorithms, pool, dstOf, signal);
      // Streamed tag files: sha256 always, and what the tag manifests use to list them.
      const tagAlgorithms = [...new Set(['sha256', ...analysis.tagManifests.map((m) => m.algorithm)])];
      if (streamed.length > 0)
        for (const [p, r] of await src.hashFiles(streamed, tagAlgorithms, pool, dstOf, signal)) computed.set(p, r);
    } catch (e) {
      if (!(e instanceof ArchiveRefusal)) throw e;
      pool.abort();
      await pool.idle();
      await removeStaging();
      return refusedResult(src, refusedReport([e.problem]));
    } finally {
      signal?.removeEventListener('abort', stopPool);
    }
    checkCancel(signal);
    const extra: Problem[] = [...src.notes];
    for (const [p, r] of computed)
      if (r.size !== listing.files.get(p))
        extra.push({
          code: 'file-changed',
          message: `${p} changed size while it was read (${listing.files.get(p)} then ${r.size} bytes)`,
          path: p,
        });
    const report = finishBag(analysis, listing, computed, { problems: extra, warnings: [] });
    meter.finish();

    const hashed = (paths: string[]): PayloadFile[] =>
      paths.flatMap((p) => {
        const r = computed.get(p);
        return r
          ? [{ path: p, size: r.size, sha256: r.digests.sha256 ?? '', stagedPath: dstOf ? dstOf(p) : null }]
          : [];
      });
    const payload = hashed(analysis.payloadFiles);
    const opened = src;
    const byPath = new Map(payload.map((f) => [f.path, f]));
    return {
      report,
      refused: false,
      bagDir: stagedDir ?? source,
      payload,
      tagFiles: Object.fromEntries(listing.tags),
      streamedTagFiles: hashed(streamed),
      readPayloadText: (p, maxBytes) =>
        readVerifiedText(byPath.get(p), maxBytes, (f) =>
          f.stagedPath ? readStaged(f.stagedPath, maxBytes) : opened.readFile(f.path, maxBytes),
        ),
      cleanup: async () => {
        await opened.close();
        await removeStaging();
      },
    };
  } catch (e) {
    // Let the workers stop and delete their partial files before the staging folder goes.
    pool?.abort();
    await pool?.idle();
    await src?.close();
    await removeStaging();
    if (signal?.aborted) throw new CodedError('cancelled', 'verification was cancelled');
    if (e instanceof CodedError) throw e;
    if (e instanceof HashError && e.code === 'ECANCELLED')
      throw new CodedError('cancelled', 'verification was cancelled');
    throw new CodedError('io-error', `reading ${source} failed: ${(e as Error).message}`);
  } finally {
    await pool?.close();
  }
}

function checkCancel(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CodedError('cancelled', 'verification was cancelled');
}

function refusedReport(problems: Problem[]): VerifyReport {
  return {
    valid: false,
    complete: false,
    weak: false,
    bagitVersion: null,
    bundleDigest: null,
    files: 0,
    bytes: 0,
    algorithms: [],
    problems,
    warnings: [],
  };
}

function refusedResult(src: BundleSource, report: VerifyReport): VerifiedBundle {
  void src.close();
  return {
    report: { ...report, valid: false, complete: false },
    refused: true,
    bagDir: null,
    payload: [],
    tagFiles: {},
    streamedTagFiles: [],
    readPayloadText: async () => null,
    cleanup: async () => {},
  };
}

async function readStaged(file: string, maxBytes: number): Promise<Buffer | null> {
  const fh = await fsp.open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const st = await fh.stat();
    if (st.size > maxBytes) return null;
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}
