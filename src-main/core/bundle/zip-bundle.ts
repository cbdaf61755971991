import type { ArchiveLimits } from './archive-limits';
import type { BundleSource } from './bundle-source';
import { planTagFiles, readTagFiles } from './tag-file-limits';
import { ArchiveRefusal, hashZipEntries, readZipEntry } from './zip-extract';
import { scanZip, type ZipItem } from './zip-scan';

/**
 * A ZIP bundle, streamed with yauzl: the central directory is checked first (scanZip), the tag files verification
 * reads are read into memory within their caps, everything else (payload, other large tag files) is inflated and
 * hashed (and staged) one pass each.
 */
export async function openZipBundle(file: string, limits: ArchiveLimits, threads: number): Promise<BundleSource> {
  const scan = await scanZip(file, limits);
  const files = new Map<string, number>();
  const items = new Map<string, ZipItem>();
  for (const item of scan.files) {
    files.set(item.path, item.entry.uncompressedSize);
    items.set(item.path, item);
  }
  let tags = new Map<string, Buffer>();
  let streamedTags = new Set<string>();
  const refusal = [...scan.problems];
  if (refusal.length === 0 && scan.zip) {
    const zip = scan.zip;
    const plan = planTagFiles(files, limits);
    refusal.push(...plan.problems);
    try {
      // Declared sizes are enforced while inflating, so a read never holds more than the plan allowed.
      if (refusal.length === 0)
        ({ tags, streamed: streamedTags } = await readTagFiles(plan, files, (p) => readZipEntry(zip, items.get(p)!)));
    } catch (e) {
      if (!(e instanceof ArchiveRefusal)) throw e;
      refusal.push(e.problem);
    }
  }
  const zip = scan.zip;
  if (refusal.length > 0) zip?.close();
  return {
    kind: 'zip',
    refusal,
    notes: scan.notes,
    listing: { files, hasDataDir: scan.hasDataDir, tags, streamedTags },
    async hashFiles(paths, algorithms, pool, dstOf, signal) {
      if (!zip) throw new Error('archive is closed');
      const list = paths.map((p) => items.get(p)!).filter(Boolean);
      const dst = dstOf ? async (item: ZipItem) => dstOf(item.path) : null;
      return hashZipEntries(zip, list, pool, algorithms, dst, threads, signal);
    },
    async readFile(p, maxBytes) {
      const item = items.get(p);
      if (!zip || !item || item.entry.uncompressedSize > maxBytes) return null;
      return readZipEntry(zip, item);
    },
    close: async () => zip?.close(),
  };
}
