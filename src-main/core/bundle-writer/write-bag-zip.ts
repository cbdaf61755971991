import { createHash } from 'node:crypto';
import path from 'node:path';
import { AUTHORSHIP_TAG_FILE } from '../bundle/authorship-file';
import { BAGIT_TXT, type BagInfo, type HashedPayload, bagInfoText, manifestText, tagManifestText } from './tag-files';
import { SAMPLE_BYTES, compressionLevelFor, streamFile, writeZipAtomically } from './zip-output';

export { compressionLevelFor } from './zip-output';

/** A payload file to write: bytes from disk (streamed, hashed in the same read) or from memory. */
export type PayloadInput = { path: string; file: string } | { path: string; bytes: Uint8Array };

export interface BagWriteResult {
  file: string;
  payload: HashedPayload[]; // in the order written
  manifest: string; // manifest-sha256.txt as written (its bytes are the bundle digest's normal form)
}

/**
 * Files generated from the hashes of the others (the RO-Crate lists every file's sha256): called once the
 * streamed files are in, returns the remaining payload and the bag-info values.
 */
export type FinishPayload = (hashed: HashedPayload[]) => {
  generated: { path: string; bytes: Uint8Array }[];
  bagInfo: BagInfo;
};

export interface BagWriteOptions {
  compressionLevel?: number;
  /** The author's signature over the finished payload (authorship.dsse.json): signed here, so no second pass. */
  authorship?: (payload: HashedPayload[]) => string;
}

/**
 * Writes a BagIt 1.0 ZIP at the archive root: payload under data/, manifest-sha256.txt, bag-info.txt
 * (with Payload-Oxum), tagmanifest-sha256.txt. Each file is read once, hashed while it is compressed; the
 * archive goes to a temp file beside the target, is fsync'd, then renamed, so a reader never sees half a bundle.
 */
export async function writeBagZip(
  target: string,
  inputs: PayloadInput[],
  finish: FinishPayload,
  options: BagWriteOptions = {},
): Promise<BagWriteResult> {
  const level = options.compressionLevel ?? 1; // level 1: about 3x faster than 6 for a few % more bytes (bench/pack)
  const out = path.resolve(target);
  return writeZipAtomically(out, async (zip) => {
    const hashed: HashedPayload[] = [];
    const addBytes = (p: string, bytes: Uint8Array) => {
      zip.addBuffer(Buffer.from(bytes), `data/${p}`, {
        compressionLevel: compressionLevelFor(bytes.subarray(0, SAMPLE_BYTES), level),
      });
      hashed.push({ path: p, size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
    };
    for (const input of inputs) {
      if ('bytes' in input) addBytes(input.path, input.bytes);
      else hashed.push(await streamFile(zip, input.path, input.file, level));
    }
    const { generated, bagInfo } = finish([...hashed]);
    for (const g of generated) addBytes(g.path, g.bytes);

    const tags: Record<string, string> = {
      'bagit.txt': BAGIT_TXT,
      'bag-info.txt': bagInfoText(bagInfo, hashed),
      'manifest-sha256.txt': manifestText(hashed),
    };
    if (options.authorship) tags[AUTHORSHIP_TAG_FILE] = options.authorship([...hashed]);
    for (const [name, body] of Object.entries(tags))
      zip.addBuffer(Buffer.from(body, 'utf8'), name, { compressionLevel: 1 });
    zip.addBuffer(Buffer.from(tagManifestText(tags), 'utf8'), 'tagmanifest-sha256.txt');
    return { file: out, payload: hashed, manifest: tags['manifest-sha256.txt'] as string };
  });
}
