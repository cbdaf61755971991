import { readBundleMetadata } from '../../../../src-main/core/bundle/crate/read-metadata';
import { verifyBundle } from '../../../../src-main/core/bundle/verify-bundle';
import type { BundleMetadata, VerifyReport } from '../../../../src-main/common/schemas/bundle';

/** Reads a written bundle back as `provdesk verify` and `inspect` do: the verification report and the metadata. */
export async function readWritten(
  file: string,
): Promise<{ report: VerifyReport; meta: BundleMetadata; tags: Record<string, string> }> {
  const verified = await verifyBundle(file, { threads: 1 });
  try {
    const read = (p: string) => verified.readPayloadText(p, 32 * 1024 * 1024);
    const meta = readBundleMetadata({
      crateJson: await read('data/ro-crate-metadata.json'),
      replayJson: await read('data/replay.json'),
      environmentJson: await read('data/env/environment.json'),
      payload: verified.payload.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })),
      weakHashes: verified.report.weak,
    });
    const tags = Object.fromEntries(Object.entries(verified.tagFiles).map(([k, v]) => [k, v.toString('utf8')]));
    return { report: verified.report, meta, tags };
  } finally {
    await verified.cleanup();
  }
}
