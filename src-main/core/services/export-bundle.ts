import { createWriteStream, createReadStream, renameSync, rmSync, openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { CodedError } from '../../common/result';
import type { Store } from '../store/store';
import { appendAudit } from '../audit/audit-log';
import { requireDataAccess } from '../governance/data-access';

/**
 * Writes a stored bundle back out as a BagIt zip: the tag files as imported and the payload from the blob
 * store, so the result has the same bundle digest. Written to a temp file, fsync'd, then renamed.
 */
export async function exportBundle(
  store: Store,
  digest: string,
  file: string,
  actor: string,
  options: { override?: string } = {},
): Promise<{ file: string; bundleDigest: string }> {
  const bundle = store.get<{ name: string }>('SELECT name FROM bundles WHERE digest = ?', [digest]);
  if (!bundle) throw new CodedError('not-found', `no bundle with digest ${digest} in this store`);
  // Restricted or confidential data leaves the store only under a grant or an audited override.
  requireDataAccess(store, { actor, digest, purpose: 'export', ...(options.override !== undefined ? { override: options.override } : {}) });
  const tagFiles = store.all<{ path: string; content: Uint8Array }>('SELECT path, content FROM bundle_tag_files WHERE digest = ? ORDER BY path', [digest]);
  const payload = store.all<{ path: string; sha256: string }>('SELECT path, sha256 FROM bundle_files WHERE digest = ? ORDER BY path', [digest]);

  const zip = new yazl.ZipFile();
  for (const tag of tagFiles) zip.addBuffer(Buffer.from(tag.content), tag.path);
  for (const entry of payload) {
    const blob = store.blobs.pathOf(entry.sha256);
    if (!store.blobs.has(entry.sha256)) throw new CodedError('io-error', `payload ${entry.path} is missing from the blob store (${entry.sha256})`);
    zip.addReadStream(createReadStream(blob), entry.path);
  }
  zip.end();

  const target = path.resolve(file);
  const temp = `${target}.partial-${process.pid}`;
  try {
    await pipeline(zip.outputStream, createWriteStream(temp));
    const fd = openSync(temp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new CodedError('io-error', `could not write ${target}: ${(error as Error).message}`);
  }
  store.transaction((tx) => appendAudit(tx, { actor, action: 'bundle.export', subject: digest, details: { file: path.basename(target) } }));
  return { file: target, bundleDigest: digest };
}
