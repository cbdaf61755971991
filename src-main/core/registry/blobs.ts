import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, statSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { RegistryClient } from './client';
import { unexpected } from './client';
import { registryError, isRegistryError } from './errors';
import { header, isNetworkError } from './http';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  artifactType?: string;
}

export type ByteProgress = (done: number, total: number) => void;

/** The chunk a registry that refuses one large request (413) gets instead. */
const FALLBACK_CHUNK = 16 * 1024 * 1024;
const MAX_ATTEMPTS = 6;

export const pushScope = (repository: string) => `repository:${repository}:pull,push`;
export const pullScope = (repository: string) => `repository:${repository}:pull`;

export async function blobExists(
  client: RegistryClient,
  repository: string,
  digest: string,
  scope = pullScope(repository),
): Promise<boolean> {
  const res = await client.request('HEAD', `/v2/${repository}/blobs/${digest}`, { scope, follow: true });
  res.resume();
  if (res.statusCode === 200) return true;
  if (res.statusCode === 404) return false;
  throw await unexpected(res, client.ref.registry, `checking blob ${digest.slice(0, 19)}`);
}

async function startUpload(client: RegistryClient, repository: string): Promise<string> {
  const res = await client.request('POST', `/v2/${repository}/blobs/uploads/`, { scope: pushScope(repository) });
  if (res.statusCode !== 202) throw await unexpected(res, client.ref.registry, `starting an upload to ${repository}`);
  res.resume();
  const location = header(res.headers, 'location');
  if (!location)
    throw registryError('registry-bad-response', `${client.ref.registry} started an upload without a Location`);
  return location;
}

function withDigest(location: string, digest: string): string {
  return `${location}${location.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`;
}

async function finishUpload(
  client: RegistryClient,
  repository: string,
  location: string,
  digest: string,
  body: Buffer | null,
): Promise<void> {
  const res = await client.request('PUT', withDigest(location, digest), {
    scope: pushScope(repository),
    headers: { 'content-type': 'application/octet-stream' },
    body,
  });
  if (res.statusCode !== 201 && res.statusCode !== 204) {
    const e = await unexpected(res, client.ref.registry, `finishing the upload of ${digest.slice(0, 19)}`);
    throw /DIGEST_INVALID|SIZE_INVALID/.test(e.message)
      ? registryError(
          'registry-upload-failed',
          `${client.ref.registry} does not hold the bytes sent under ${digest} (${e.message})`,
        )
      : e;
  }
  res.resume();
}

/** A small blob (the empty config, a decision): one monolithic upload. */
export async function pushSmallBlob(client: RegistryClient, repository: string, bytes: Buffer): Promise<string> {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (await blobExists(client, repository, digest, pushScope(repository))) return digest;
  const location = await startUpload(client, repository);
  await finishUpload(client, repository, location, digest, bytes);
  return digest;
}

/** Where an unfinished upload of one blob to one repository stands, kept across runs (never a credential). */
export interface UploadSessionKeeper {
  load(): string | null;
  save(location: string): void;
  drop(): void;
}

/** Bytes to send that are not a file on disk (a zip made as it is sent): their size, readable from any offset. */
export interface BlobSource {
  size: number;
  /** Bytes `start` (inclusive) to `end` (exclusive). */
  open(start: number, end: number): Readable;
}

export interface PushFileOptions {
  /** Bytes per PATCH request; default: the rest of the file in one streamed PATCH (chunks only when asked). */
  chunk?: number;
  /** The file's SHA-256 when known beforehand (`sha256:…`): the registry checks it; nothing is hashed again. */
  digest?: string;
  /** Keeps the upload's location so a later run continues where this one stopped. */
  session?: UploadSessionKeeper;
  /**
   * Awaited once every byte is sent, before the upload is finished (the blob committed): a throw cancels the upload
   * on the registry (nothing committed, nothing kept to resume) and is rethrown.
   */
  beforeFinish?: () => Promise<void>;
  onProgress?: ByteProgress;
  signal?: AbortSignal;
}

const READ_BUFFER = 4 * 1024 * 1024; // the file is read and sent in 4 MiB pieces: memory stays bounded

/**
 * A file as a blob: one upload session, the file streamed from disk in one PATCH (or in `chunk`-sized PATCHes with
 * Content-Range, for a registry or proxy that caps request sizes), then a PUT with the digest, which the registry
 * checks against every byte it holds. Without a known digest the bytes are hashed as they stream. A dropped
 * connection asks the upload's status (GET, Range) and goes on from the registry's offset; a kept session (an earlier
 * run's, verified with the same GET) does the same across runs, and a session the registry forgot starts over.
 */
export async function pushFileBlob(
  client: RegistryClient,
  repository: string,
  file: string | BlobSource,
  options: PushFileOptions = {},
): Promise<{ digest: string; size: number; resumedAt: number }> {
  const { signal, onProgress, session } = options;
  const source: BlobSource =
    typeof file === 'string'
      ? {
          size: statSync(file).size,
          open: (start, end) => createReadStream(file, { start, end: end - 1, highWaterMark: READ_BUFFER }),
        }
      : file;
  const size = source.size;
  let chunk = options.chunk ?? envChunk() ?? Number.POSITIVE_INFINITY;
  const scope = pushScope(repository);
  // The hash of the bytes the registry confirmed, in order (only when the digest is not known beforehand).
  let hash: Hash | null = options.digest ? null : createHash('sha256');
  let location: string | null = null;
  let offset = 0;
  let resumedAt = 0;
  const kept = session?.load() ?? null;
  if (kept) {
    try {
      const status = await uploadStatus(client, repository, kept);
      if (status.offset <= size) {
        location = status.location;
        offset = status.offset;
        resumedAt = offset;
        if (hash && offset > 0) await hashRange(source, 0, offset, hash);
      }
    } catch (e) {
      if (e instanceof Error && e.name === 'AbortError') throw e;
      // Forgotten, expired or refused: start over.
    }
    if (location === null) session?.drop();
  }
  if (location === null) {
    location = await startUpload(client, repository);
    session?.save(location);
  }
  let failures = 0;
  while (offset < size) {
    signal?.throwIfAborted();
    const start = offset;
    const end = Math.min(size, start + chunk); // exclusive
    const before = hash?.copy() ?? null;
    try {
      const res = await client.request('PATCH', location, {
        scope,
        headers: { 'content-type': 'application/octet-stream', 'content-range': `${start}-${end - 1}` },
        contentLength: end - start,
        body: () => {
          // A body asked for again (an auth challenge) is hashed again from the same state.
          if (before) hash = before.copy();
          const stream = source.open(start, end);
          let sent = start;
          stream.on('data', (piece: string | Buffer) => {
            hash?.update(piece);
            sent += piece.length;
            onProgress?.(Math.min(sent, size), size);
          });
          return stream;
        },
      });
      if (res.statusCode !== 202)
        throw await unexpected(res, client.ref.registry, `uploading bytes ${start}-${end - 1}`);
      res.resume();
      location = header(res.headers, 'location') ?? location;
      const confirmed = rangeEnd(header(res.headers, 'range'));
      if (confirmed !== null && confirmed !== end)
        throw registryError(
          'registry-bad-response',
          `${client.ref.registry} confirmed ${confirmed} bytes after a chunk ending at ${end}`,
        );
      offset = end;
      session?.save(location);
      onProgress?.(offset, size);
      failures = 0;
    } catch (e) {
      const tooLarge = isRegistryError(e) && e.details?.status === 413 && chunk > FALLBACK_CHUNK;
      if (tooLarge)
        chunk = FALLBACK_CHUNK; // a request size cap: chunks from where the registry stands
      else if (
        !(
          isNetworkError(e) ||
          isRegistryError(e, 'registry-unreachable') ||
          isRegistryError(e, 'registry-not-found')
        ) ||
        ++failures >= MAX_ATTEMPTS
      )
        throw e;
      // Resume: ask where the registry is; its confirmed part of this request is hashed, the rest sent again.
      let status: { location: string; offset: number };
      try {
        if (isRegistryError(e, 'registry-not-found')) throw e; // the upload itself is unknown now
        status = await uploadStatus(client, repository, location);
      } catch (lost) {
        if (!isRegistryError(lost, 'registry-not-found')) throw lost;
        // The registry dropped the upload (Distribution 2.8 cancels one whose request was cut midway): start over.
        location = await startUpload(client, repository);
        session?.save(location);
        hash = options.digest ? null : createHash('sha256');
        offset = 0;
        continue;
      }
      location = status.location;
      if (status.offset < start || status.offset > end)
        throw registryError(
          'registry-upload-failed',
          `${client.ref.registry} lost the upload (it holds ${status.offset} bytes, ${start} were confirmed); push again`,
        );
      if (before) {
        hash = before;
        if (status.offset > start) await hashRange(source, start, status.offset, hash);
      }
      offset = status.offset;
      session?.save(location);
    }
  }
  const digest = options.digest ?? `sha256:${hash!.digest('hex')}`;
  if (options.beforeFinish) {
    try {
      await options.beforeFinish();
    } catch (e) {
      session?.drop();
      await cancelUpload(client, repository, location);
      throw e;
    }
  }
  await finishUpload(client, repository, location, digest, null);
  session?.drop();
  return { digest, size, resumedAt };
}

/** Best effort: a registry that cannot cancel lets the unfinished upload expire (Distribution purges them). */
async function cancelUpload(client: RegistryClient, repository: string, location: string): Promise<void> {
  try {
    const res = await client.request('DELETE', location, { scope: pushScope(repository) });
    res.resume();
  } catch {
    // unreachable now: the upload was never finished, so nothing was committed
  }
}

/** PROVDESK_REGISTRY_CHUNK_BYTES (1 KiB to 1 GiB): chunked upload for a registry or proxy that caps request sizes. */
function envChunk(env: NodeJS.ProcessEnv = process.env): number | null {
  const asked = Number(env.PROVDESK_REGISTRY_CHUNK_BYTES);
  return Number.isInteger(asked) && asked >= 1024 && asked <= 1024 * 1024 * 1024 ? asked : null;
}

async function hashRange(source: BlobSource, start: number, end: number, hash: Hash): Promise<void> {
  if (end <= start) return;
  for await (const piece of source.open(start, end)) hash.update(piece as Buffer);
}

/** A file's SHA-256 (`sha256:…`) in one streamed read. */
export async function sha256OfFile(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(file, { highWaterMark: READ_BUFFER, ...(signal ? { signal } : {}) }))
    hash.update(piece as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

function rangeEnd(range: string | undefined): number | null {
  const m = range ? /^(?:bytes=)?0-(\d+)$/.exec(range.trim()) : null;
  return m ? Number(m[1]) + 1 : null;
}

async function uploadStatus(
  client: RegistryClient,
  repository: string,
  location: string,
): Promise<{ location: string; offset: number }> {
  const res = await client.request('GET', location, { scope: pushScope(repository) });
  if (res.statusCode !== 204)
    throw await unexpected(res, client.ref.registry, 'asking where an interrupted upload stands');
  res.resume();
  const range = header(res.headers, 'range');
  // "0-0" is ambiguous in Distribution (an empty upload or one byte): taken as empty. Were it one byte, the next
  // request's confirmed range would not match and the push fails rather than send a wrong blob.
  const end = range && range.trim().replace(/^bytes=/, '') !== '0-0' ? (rangeEnd(range) ?? 0) : 0;
  return { location: header(res.headers, 'location') ?? location, offset: end };
}

/**
 * A blob into `target`, checked while it streams: refused as soon as it passes its announced size, and at the end
 * unless its SHA-256 is the descriptor's. A dropped connection continues with a Range request where the registry
 * honours one (else starts over). Throws with the target left for the caller to delete.
 */
export async function pullBlob(
  client: RegistryClient,
  repository: string,
  descriptor: Descriptor,
  target: string,
  onProgress?: ByteProgress,
  signal?: AbortSignal,
): Promise<void> {
  let hash: Hash = createHash('sha256');
  let received = 0;
  let failures = 0;
  let out: WriteStream = createWriteStream(target, { flags: 'w', highWaterMark: 8 * 1024 * 1024 });
  try {
    while (true) {
      signal?.throwIfAborted();
      try {
        const headers: Record<string, string> = received > 0 ? { range: `bytes=${received}-` } : {};
        const res = await client.request('GET', `/v2/${repository}/blobs/${descriptor.digest}`, {
          scope: pullScope(repository),
          follow: true,
          headers,
        });
        if (received > 0 && res.statusCode === 200) {
          // No range support: start over.
          out.destroy();
          out = createWriteStream(target, { flags: 'w', highWaterMark: 8 * 1024 * 1024 });
          hash = createHash('sha256');
          received = 0;
          throw Object.assign(new Error('restart'), { restart: true, res });
        }
        if (res.statusCode !== 200 && res.statusCode !== 206)
          throw await unexpected(res, client.ref.registry, `fetching blob ${descriptor.digest.slice(0, 19)}`);
        const declared = Number(header(res.headers, 'content-length'));
        if (Number.isFinite(declared) && received + declared > descriptor.size) {
          res.destroy();
          throw registryError(
            'registry-size-mismatch',
            `${client.ref.registry} sends ${received + declared} bytes for a layer the manifest announces as ${descriptor.size}; refused`,
          );
        }
        for await (const chunk of res as AsyncIterable<Buffer>) {
          received += chunk.length;
          if (received > descriptor.size) {
            res.destroy();
            throw registryError(
              'registry-size-mismatch',
              `${client.ref.registry} sent more bytes than the ${descriptor.size} the manifest announces for ${descriptor.digest}; refused`,
            );
          }
          hash.update(chunk);
          if (!out.write(chunk)) await once(out, 'drain');
          onProgress?.(received, descriptor.size);
        }
        if (received < descriptor.size)
          throw Object.assign(
            new Error(`the download ended after ${received} of ${descriptor.size} bytes (premature close)`),
            { code: 'ERR_STREAM_PREMATURE_CLOSE' },
          );
        break;
      } catch (e) {
        if ((e as { restart?: boolean }).restart) {
          (e as unknown as { res: { resume: () => void } }).res.resume();
          if (++failures >= MAX_ATTEMPTS)
            throw registryError(
              'registry-unreachable',
              `${client.ref.registry} kept dropping the download of ${descriptor.digest}`,
            );
          continue;
        }
        if (!(isNetworkError(e) || isRegistryError(e, 'registry-unreachable')) || ++failures >= MAX_ATTEMPTS) throw e;
      }
    }
    out.end();
    await once(out, 'finish');
  } catch (e) {
    out.destroy();
    throw e;
  }
  const actual = `sha256:${hash.digest('hex')}`;
  if (actual !== descriptor.digest)
    throw registryError(
      'registry-digest-mismatch',
      `${client.ref.registry} sent a layer whose SHA-256 is ${actual}, not the ${descriptor.digest} its manifest names; refused`,
      { expected: descriptor.digest, actual },
    );
}
