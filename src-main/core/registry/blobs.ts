import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, openSync, readSync, closeSync, statSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
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

const CHUNK = 16 * 1024 * 1024; // memory bounded: one chunk being sent, the next being read

/**
 * The upload chunk: 16 MiB, or PROVDESK_REGISTRY_CHUNK_BYTES (1 KiB to 256 MiB) for a registry or proxy that caps
 * request sizes.
 */
export function chunkBytes(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.PROVDESK_REGISTRY_CHUNK_BYTES);
  return Number.isInteger(asked) && asked >= 1024 && asked <= 256 * 1024 * 1024 ? asked : CHUNK;
}
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

/**
 * A file as a blob, in chunks (PATCH with Content-Range), hashed as the registry confirms each chunk. A dropped
 * connection asks the upload's status (GET, Range) and goes on from the registry's offset; only the confirmed
 * bytes are hashed, in order, so the digest never covers bytes the registry did not take.
 */
export async function pushFileBlob(
  client: RegistryClient,
  repository: string,
  file: string,
  onProgress?: ByteProgress,
  signal?: AbortSignal,
  chunk = chunkBytes(),
): Promise<{ digest: string; size: number }> {
  const CHUNK = chunk;
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  let hash = createHash('sha256');
  try {
    let location = await startUpload(client, repository);
    let offset = 0;
    let failures = 0;
    let next: Buffer | null = null;
    while (offset < size) {
      signal?.throwIfAborted();
      const length = Math.min(CHUNK, size - offset);
      const chunk: Buffer = next && next.length === length ? next : readAt(fd, offset, length);
      next = null;
      // The chunk is hashed while it travels; the state before it is kept to redo a chunk the registry took in part.
      const before = hash.copy();
      try {
        const sending = client.request('PATCH', location, {
          scope: pushScope(repository),
          headers: { 'content-type': 'application/octet-stream', 'content-range': `${offset}-${offset + length - 1}` },
          body: chunk,
        });
        hash.update(chunk);
        // Read the next chunk while this one's answer is on its way.
        if (offset + length < size) next = readAt(fd, offset + length, Math.min(CHUNK, size - offset - length));
        const res = await sending;
        if (res.statusCode !== 202)
          throw await unexpected(res, client.ref.registry, `uploading bytes ${offset}-${offset + length - 1}`);
        res.resume();
        location = header(res.headers, 'location') ?? location;
        const confirmed = rangeEnd(header(res.headers, 'range'));
        if (confirmed !== null && confirmed !== offset + length)
          throw registryError(
            'registry-bad-response',
            `${client.ref.registry} confirmed ${confirmed} bytes after a chunk ending at ${offset + length}`,
          );
        offset += length;
        onProgress?.(offset, size);
        failures = 0;
      } catch (e) {
        if (!(isNetworkError(e) || isRegistryError(e, 'registry-unreachable')) || ++failures >= MAX_ATTEMPTS) throw e;
        // Resume: ask where the registry is; the confirmed part of this chunk is hashed, the rest sent again.
        const status = await uploadStatus(client, repository, location);
        location = status.location;
        if (status.offset < offset || status.offset > offset + length)
          throw registryError(
            'registry-upload-failed',
            `${client.ref.registry} lost the upload (it holds ${status.offset} bytes, ${offset} were confirmed); push again`,
          );
        hash = before;
        hash.update(chunk.subarray(0, status.offset - offset));
        offset = status.offset;
        next = null;
      }
    }
    const digest = `sha256:${hash.digest('hex')}`;
    await finishUpload(client, repository, location, digest, null);
    return { digest, size };
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0)
      throw registryError('registry-upload-failed', 'the file being pushed became shorter while it was read');
    got += n;
  }
  return buf;
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
  // "0-0" is ambiguous in Distribution (empty or one byte); an empty upload has no Range worth trusting.
  return { location: header(res.headers, 'location') ?? location, offset: range ? (rangeEnd(range) ?? 0) : 0 };
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
