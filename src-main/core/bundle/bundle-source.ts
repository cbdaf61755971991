import type { Problem } from '../../common/problem';
import type { BagListing } from '../integrity/bag-analyze';
import type { HashPool, HashResult } from '../integrity/hash-pool';

/** A bundle opened for verification, whatever its container (ZIP or folder). */
export interface BundleSource {
  kind: 'zip' | 'folder';
  /** Non-empty: the container itself was refused (THREATS 1-5) and nothing else may be read. */
  refusal: Problem[];
  /** Findings about the container that make the bag invalid without being hostile. */
  notes: Problem[];
  listing: BagListing;
  /**
   * Hashes bag files (paths relative to the bag root: the payload, the streamed tag files); with `dstOf`, copies each
   * one there.
   */
  hashFiles(
    paths: string[],
    algorithms: string[],
    pool: HashPool,
    dstOf: ((path: string) => string) | null,
    signal?: AbortSignal,
  ): Promise<Map<string, HashResult>>;
  /** The bytes of one bag file straight from the source, or null when larger than `maxBytes`. */
  readFile(path: string, maxBytes: number): Promise<Buffer | null>;
  close(): Promise<void>;
}
