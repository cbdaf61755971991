import path from 'node:path';
import { z } from 'zod';
import type { UploadSessionKeeper } from './blobs';
import { keptMap } from './kept-map';

/**
 * Unfinished blob uploads kept across runs, in the store's folder (`registry/uploads.json`), so a push killed midway
 * continues from the registry's offset on the next push of the same bundle to the same repository. Keyed by
 * registry, repository and the layer's digest (or a zip's identity); the value is only the upload's location on that
 * registry (a URL the registry made, on its own origin) and when it was kept: never a credential, a header or a token.
 * Bounded: entries older than a week and all but the newest 100 are dropped. Whatever is kept is verified with a GET on
 * the location before it is used, and a location the registry forgot starts the upload over.
 */

const LIMITS = { maxEntries: 100, maxAgeMs: 7 * 24 * 3600 * 1000, maxFileBytes: 256 * 1024 };

export function uploadSessionsFile(storeDir: string): string {
  return path.join(storeDir, 'registry', 'uploads.json');
}

/**
 * The keeper for one upload: `registry` (host[:port]), `repository`, and what names the blob's bytes (its digest, or
 * for a zip made as it is sent, the zip's identity).
 */
export function uploadSession(
  storeDir: string,
  registry: string,
  repository: string,
  blob: string,
): UploadSessionKeeper {
  const kept = keptMap(uploadSessionsFile(storeDir), z.object({ location: z.string().min(1).max(4000) }), LIMITS);
  const key = `${registry}/${repository}@${blob}`;
  return {
    load: () => kept.get(key)?.location ?? null,
    save: (location) => kept.set(key, { location }),
    drop: () => kept.delete(key),
  };
}
