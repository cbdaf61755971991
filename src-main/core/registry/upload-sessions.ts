import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { UploadSessionKeeper } from './blobs';

/**
 * Unfinished blob uploads kept across runs, in the store's folder (`registry/uploads.json`), so a push killed midway
 * continues from the registry's offset on the next push of the same bundle to the same repository. Keyed by
 * registry, repository and layer digest; the value is only the upload's location on that registry (a URL the
 * registry made, on its own origin) and when it was kept: never a credential, a header or a token. Bounded: entries
 * older than a week and all but the newest 100 are dropped. Whatever is kept is verified with a GET on the location
 * before it is used, and a location the registry forgot starts the upload over.
 */

const MAX_ENTRIES = 100;
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const MAX_FILE_BYTES = 256 * 1024;

const fileSchema = z.record(
  z.string().max(1000),
  z.object({ location: z.string().min(1).max(4000), savedAt: z.number().finite() }),
);
type Entries = z.infer<typeof fileSchema>;

export function uploadSessionsFile(storeDir: string): string {
  return path.join(storeDir, 'registry', 'uploads.json');
}

function read(file: string): Entries {
  try {
    const text = readFileSync(file, 'utf8');
    if (text.length > MAX_FILE_BYTES) return {};
    const parsed = fileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {}; // absent or unreadable: nothing to resume
  }
}

function write(file: string, entries: Entries): void {
  const now = Date.now();
  const kept = Object.entries(entries)
    .filter(([, e]) => now - e.savedAt < MAX_AGE_MS)
    .sort((a, b) => b[1].savedAt - a[1].savedAt)
    .slice(0, MAX_ENTRIES);
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    if (kept.length === 0) {
      rmSync(file, { force: true });
      return;
    }
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(Object.fromEntries(kept)), { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // Keeping the session is a convenience: a push goes on without it.
  }
}

/** The keeper for one upload: `registry` (host[:port]), `repository`, and the blob's digest. */
export function uploadSession(
  storeDir: string,
  registry: string,
  repository: string,
  digest: string,
): UploadSessionKeeper {
  const file = uploadSessionsFile(storeDir);
  const key = `${registry}/${repository}@${digest}`;
  return {
    load: () => {
      const entry = read(file)[key];
      return entry && Date.now() - entry.savedAt < MAX_AGE_MS ? entry.location : null;
    },
    save: (location) => {
      const entries = read(file);
      entries[key] = { location, savedAt: Date.now() };
      write(file, entries);
    },
    drop: () => {
      const entries = read(file);
      if (!(key in entries)) return;
      delete entries[key];
      write(file, entries);
    },
  };
}
