/** Bounds on what a bundle may hold; anything past them is refused before (or as soon as) it is read. */
export interface ArchiveLimits {
  maxEntries: number; // entries in an archive, or files and folders in a folder bundle
  maxTotalBytes: number; // total uncompressed bytes
  maxEntryBytes: number; // one file's uncompressed bytes
  maxRatio: number; // uncompressed / compressed, for entries above RATIO_MIN_BYTES
  maxTagBytes: number; // the tag files verification reads into memory, together (each kind has its own cap too)
}

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxEntries: 100_000,
  maxTotalBytes: 256 * 1024 ** 3,
  maxEntryBytes: 64 * 1024 ** 3,
  maxRatio: 200,
  maxTagBytes: 128 * 1024 ** 2,
};

/** Small entries may compress absurdly well (a file of zeros) without being a threat. */
export const RATIO_MIN_BYTES = 1024 * 1024;

export function resolveLimits(partial?: Partial<ArchiveLimits>): ArchiveLimits {
  return { ...DEFAULT_LIMITS, ...(partial ?? {}) };
}
