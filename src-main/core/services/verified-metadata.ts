import type { BundleMetadata } from '../../common/schemas/bundle';
import type { VerifiedBundle } from '../bundle/verify-bundle';
import { readBundleMetadata } from '../bundle/crate/read-metadata';

const metadataFileLimit = 32 * 1024 * 1024; // RO-Crate, replay spec and environment are small JSON files

/**
 * The metadata of a verified bundle, read from the verified bytes (re-checked against their SHA-256).
 * Throws CodedError('refused') when a metadata file is too large, changed since hashing, or not UTF-8.
 */
export async function readVerifiedMetadata(verified: VerifiedBundle): Promise<BundleMetadata> {
  const [crateJson, replayJson, environmentJson] = await Promise.all([
    verified.readPayloadText('data/ro-crate-metadata.json', metadataFileLimit),
    verified.readPayloadText('data/replay.json', metadataFileLimit),
    verified.readPayloadText('data/env/environment.json', metadataFileLimit),
  ]);
  return readBundleMetadata({
    crateJson,
    replayJson,
    environmentJson,
    payload: verified.payload.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })),
    weakHashes: verified.report.weak,
  });
}
