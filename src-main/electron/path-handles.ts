import { randomBytes } from 'node:crypto';

/** What the user chose a path for in a native dialog; a field accepts only the kinds it lists. */
export type PathKind = 'read-file' | 'read-folder' | 'write-file';

export interface PathHandles {
  /** Remembers a path the user picked and returns the opaque handle the renderer may send back. */
  issue(kind: PathKind, path: string): string;
  /** The picked path and its kind, or null for a handle this process never issued. */
  lookup(handle: string): { kind: PathKind; path: string } | null;
}

// Far more than a session picks; the oldest is forgotten first so the map cannot grow without bound.
const MAX_HANDLES = 1000;

/**
 * The paths the user picked in native dialogs since the app started, kept in the main process only. A handle
 * is 256 random bits: a compromised renderer cannot guess one, so it can reach only what the user chose.
 */
export function createPathHandles(random: () => string = () => randomBytes(32).toString('base64url')): PathHandles {
  const picked = new Map<string, { kind: PathKind; path: string }>();
  return {
    issue(kind, path) {
      const handle = random();
      picked.set(handle, { kind, path });
      if (picked.size > MAX_HANDLES) picked.delete(picked.keys().next().value as string);
      return handle;
    },
    lookup(handle) {
      return picked.get(handle) ?? null;
    },
  };
}
