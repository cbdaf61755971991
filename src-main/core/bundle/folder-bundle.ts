import path from 'node:path';
import type { HashResult } from '../integrity/hash-pool';
import { MAX_TAG_FILE_BYTES, type ArchiveLimits } from './archive-limits';
import type { BundleSource } from './bundle-source';
import { readFileNoFollow, scanFolder } from './folder-scan';

/** A folder bundle: scanned with lstat, tag files read, payload hashed in place by the worker pool. */
export async function openFolderBundle(root: string, limits: ArchiveLimits): Promise<BundleSource> {
  const scan = await scanFolder(root, limits);
  const tags = new Map<string, Buffer>();
  const unreadTags = new Set<string>();
  if (scan.problems.length === 0) {
    for (const [p, size] of scan.files) {
      if (p.startsWith('data/')) continue;
      const buf = size <= MAX_TAG_FILE_BYTES ? await readFileNoFollow(path.join(root, p), MAX_TAG_FILE_BYTES) : null;
      if (buf) tags.set(p, buf);
      else unreadTags.add(p);
    }
  }
  return {
    kind: 'folder',
    refusal: scan.problems,
    notes: [],
    listing: { files: scan.files, hasDataDir: scan.hasDataDir, tags, unreadTags },
    async hashPayload(paths, algorithms, pool, dstOf) {
      // Largest first, so the last file to finish is a small one and the workers stay evenly busy.
      const ordered = [...paths].sort((a, b) => (scan.files.get(b) ?? 0) - (scan.files.get(a) ?? 0));
      const results = new Map<string, HashResult>();
      await Promise.all(
        ordered.map(async (p) => {
          results.set(p, await pool.hashFile(path.join(root, p), dstOf ? dstOf(p) : null, algorithms));
        }),
      );
      return results;
    },
    readFile: (p, maxBytes) => readFileNoFollow(path.join(root, p), maxBytes),
    close: async () => {},
  };
}
