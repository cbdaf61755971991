import { MAX_TAG_FILE_BYTES, type ArchiveLimits } from './archive-limits';
import type { BundleSource } from './bundle-source';
import { ArchiveRefusal, hashZipEntries, readZipEntry } from './zip-extract';
import { scanZip, type ZipItem } from './zip-scan';

/**
 * A ZIP bundle, streamed with yauzl: the central directory is checked first (scanZip), tag files are
 * read into memory, payload entries are inflated and hashed (and staged) one pass each.
 */
export async function openZipBundle(file: string, limits: ArchiveLimits, threads: number): Promise<BundleSource> {
  const scan = await scanZip(file, limits);
  const files = new Map<string, number>();
  const items = new Map<string, ZipItem>();
  for (const item of scan.files) {
    files.set(item.path, item.entry.uncompressedSize);
    items.set(item.path, item);
  }
  const tags = new Map<string, Buffer>();
  const unreadTags = new Set<string>();
  const refusal = [...scan.problems];
  if (refusal.length === 0 && scan.zip) {
    try {
      for (const item of scan.files) {
        if (item.path.startsWith('data/')) continue;
        if (item.entry.uncompressedSize > MAX_TAG_FILE_BYTES) unreadTags.add(item.path);
        else tags.set(item.path, await readZipEntry(scan.zip, item));
      }
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
    listing: { files, hasDataDir: scan.hasDataDir, tags, unreadTags },
    async hashPayload(paths, algorithms, pool, dstOf, signal) {
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
