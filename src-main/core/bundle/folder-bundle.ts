import path from 'node:path';
import type { HashResult } from '../integrity/hash-pool';
import type { ArchiveLimits } from './archive-limits';
import type { BundleSource } from './bundle-source';
import { readFileNoFollow, scanFolder } from './folder-scan';
import { planTagFiles, readTagFiles } from './tag-file-limits';

/**
 * A folder bundle: scanned with lstat, tag files read within their caps, the rest hashed in place by the worker pool.
 */
export async function openFolderBundle(root: string, limits: ArchiveLimits): Promise<BundleSource> {
  const scan = await scanFolder(root, limits);
  let tags = new Map<string, Buffer>();
  let streamedTags = new Set<string>();
  const refusal = [...scan.problems];
  if (refusal.length === 0) {
    const plan = planTagFiles(scan.files, limits);
    refusal.push(...plan.problems);
    if (refusal.length === 0) {
      // At most the size the scan found: a file grown since is not read past it.
      const read = await readTagFiles(plan, scan.files, (p, size) => readFileNoFollow(path.join(root, p), size));
      ({ tags, streamed: streamedTags } = read);
      refusal.push(...read.problems);
    }
  }
  return {
    kind: 'folder',
    refusal,
    notes: [],
    listing: { files: scan.files, hasDataDir: scan.hasDataDir, tags, streamedTags },
    async hashFiles(paths, algorithms, pool, dstOf) {
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
