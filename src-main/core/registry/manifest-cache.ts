import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RegistryClient } from './client';
import { unexpected } from './client';
import { pullScope } from './blobs';
import { header } from './http';
import { getManifest, OCI_MANIFEST, parseManifest, type Manifest } from './manifest';

/**
 * Manifests kept by their digest (immutable content, so safe to keep) in the store folder's
 * `registry/manifests.json`, so a repeat listing asks each tag's digest (HEAD) and fetches only manifests it has not
 * seen. An entry is used only when its bytes hash to the digest asked for: a cache edited or damaged on disk never
 * stands in for the registry's answer (the entry is dropped and the manifest fetched). Bounded: 5,000 manifests of at
 * most 16 KiB each (a bundle's manifest is about 1 KiB; a larger one is fetched each time, never kept), the least
 * recently used dropped first, so a hostile registry can make it hold at most about 80 MB; a file larger than that
 * on disk is not read.
 */

const MAX_ENTRIES = 5000;
const MAX_ENTRY_BYTES = 16 * 1024;
const MAX_FILE_BYTES = Math.ceil((MAX_ENTRIES * (MAX_ENTRY_BYTES + 100) * 4) / 3);
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export class ManifestCache {
  private entries = new Map<string, Buffer>(); // digest -> manifest bytes, oldest use first
  private changed = false;

  constructor(private readonly file: string | null) {
    if (!file) return;
    try {
      if (statSync(file).size > MAX_FILE_BYTES) return;
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        for (const [digest, b64] of Object.entries(parsed as Record<string, unknown>))
          if (DIGEST.test(digest) && typeof b64 === 'string' && b64.length <= (MAX_ENTRY_BYTES * 4) / 3 + 4)
            this.entries.set(digest, Buffer.from(b64, 'base64'));
    } catch {
      // absent or unreadable: an empty cache
    }
  }

  static inStore(storeDir: string): ManifestCache {
    return new ManifestCache(path.join(storeDir, 'registry', 'manifests.json'));
  }

  get size(): number {
    return this.entries.size;
  }

  /** The bytes kept under `digest`, only if they hash to it. */
  get(digest: string): Buffer | null {
    const bytes = this.entries.get(digest);
    if (!bytes) return null;
    this.entries.delete(digest);
    if (`sha256:${createHash('sha256').update(bytes).digest('hex')}` !== digest) {
      this.changed = true;
      return null;
    }
    this.entries.set(digest, bytes); // most recently used last
    return bytes;
  }

  /** Keeps `bytes` under `digest` (the caller checked that they hash to it). */
  put(digest: string, bytes: Buffer): void {
    if (!DIGEST.test(digest) || bytes.length > MAX_ENTRY_BYTES) return;
    this.entries.delete(digest);
    this.entries.set(digest, bytes);
    this.changed = true;
  }

  save(): void {
    if (!this.file || !this.changed) return;
    const kept = [...this.entries.entries()].slice(-MAX_ENTRIES);
    try {
      mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(Object.fromEntries(kept.map(([d, b]) => [d, b.toString('base64')]))), {
        mode: 0o600,
      });
      renameSync(temp, this.file);
      this.changed = false;
    } catch {
      // A cache is a convenience: the listing stands without it.
    }
  }
}

/**
 * A manifest by tag through the cache: HEAD gives the tag's digest (Docker-Content-Digest); a kept manifest with
 * that digest (its bytes hashing to it) is used, otherwise it is fetched by that digest (its bytes must hash to it)
 * and kept. A registry that sends no usable digest on HEAD gets a plain GET by tag.
 */
export async function manifestByTag(
  client: RegistryClient,
  repository: string,
  tag: string,
  cache: ManifestCache,
): Promise<{ manifest: Manifest; digest: string } | null> {
  const res = await client.request('HEAD', `/v2/${repository}/manifests/${tag}`, {
    scope: pullScope(repository),
    headers: { accept: OCI_MANIFEST },
  });
  res.resume();
  if (res.statusCode === 404) return null;
  if (res.statusCode !== 200)
    throw await unexpected(res, client.ref.registry, `asking the manifest ${repository}:${tag}`);
  const said = header(res.headers, 'docker-content-digest');
  const digest = said && DIGEST.test(said) ? said : null;
  const kept = digest ? cache.get(digest) : null;
  if (digest && kept) return { manifest: parseManifest(kept, `${client.ref.registry}/${repository}:${tag}`), digest };
  const found = await getManifest(client, repository, digest ?? tag);
  if (found) cache.put(found.digest, found.bytes);
  return found ? { manifest: found.manifest, digest: found.digest } : null;
}

/** A manifest by tag: through the cache when it holds at least half the tags' worth, else one GET (then kept). */
export async function listedManifest(
  client: RegistryClient,
  repository: string,
  tag: string,
  cache: ManifestCache,
  tags: number,
): Promise<{ manifest: Manifest; digest: string } | null> {
  if (cache.size * 2 >= tags) return manifestByTag(client, repository, tag, cache);
  const found = await getManifest(client, repository, tag);
  if (found) cache.put(found.digest, found.bytes);
  return found ? { manifest: found.manifest, digest: found.digest } : null;
}

/** A manifest by digest through the cache (its bytes must hash to the digest, kept or fetched). */
export async function manifestByDigest(
  client: RegistryClient,
  repository: string,
  digest: string,
  cache: ManifestCache,
): Promise<{ manifest: Manifest; digest: string } | null> {
  const kept = DIGEST.test(digest) ? cache.get(digest) : null;
  if (kept) return { manifest: parseManifest(kept, `${client.ref.registry}/${repository}@${digest}`), digest };
  const found = await getManifest(client, repository, digest);
  if (found) cache.put(found.digest, found.bytes);
  return found ? { manifest: found.manifest, digest: found.digest } : null;
}
