import { createReadStream } from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../common/result';
import type { Store } from '../store/store';
import { appendAudit } from '../audit/audit-log';
import { requireDataAccess } from '../governance/data-access';
import type { AuthorshipPredicate } from '../governance/authorship';
import { signBundleAuthorship, type AuthorshipSigner } from '../governance/sign-authorship';
import { tagFilesWithAuthorship, type TagFiles } from '../bundle-writer/authorship-tag';
import { withoutUnheldTagLines } from '../bundle-writer/tag-manifest-lines';
import { writeZipAtomically } from '../bundle-writer/zip-output';
import { earlierSignature } from './sign-bundle';
import { auditSigning } from './signing';
import { bundleCrateName, payloadFiles, tagFiles } from '../store/repos/bundles-repo';
import type { TransferEntry } from '../bundle-writer/transfer-zip';

export interface ExportOptions {
  override?: string;
  /** Sign the copy as the local identity; a stored signature is replaced only with `replace`. */
  sign?: { signer: AuthorshipSigner; replace?: boolean; now?: () => Date };
  /**
   * A copy only to be sent on (push): payload stored, not deflated (the bytes go out as they are kept), no fsync, and
   * each byte of the zip passed to `tap` as it is written.
   */
  transfer?: { tap: (chunk: Buffer) => void };
}

const TRANSFER_MTIME = new Date(2000, 0, 1);

export interface ExportedBundle {
  file: string;
  bundleDigest: string;
  signer: AuthorshipPredicate['signer'] | null; // the signature this export made, if any
  replaced: boolean;
}

/**
 * Writes a stored bundle back out as a BagIt zip: the tag files as imported (a stored authorship.dsse.json
 * among them, byte for byte; tag manifest lines for tag files import did not keep dropped) and the payload from the
 * blob store, so the result has the same bundle digest. With `sign`, a new envelope is added and the tag manifests list
 * it. Written to a temp file, fsync'd, renamed.
 */
export async function exportBundle(
  store: Store,
  digest: string,
  file: string,
  actor: string,
  options: ExportOptions = {},
): Promise<ExportedBundle> {
  const name = bundleCrateName(store, digest);
  if (name === undefined) throw new CodedError('not-found', `no bundle with digest ${digest} in this store`);
  const stored = tagFiles(store, digest);
  const payload = payloadFiles(store, digest);
  // Tag files too large to hold were not kept by import; the tag manifests stop listing them so the copy verifies.
  let tags: TagFiles = withoutUnheldTagLines(new Map(stored.map((t) => [t.path, Buffer.from(t.content)])));
  let signed: { signer: AuthorshipPredicate['signer']; replaced: boolean } | null = null;
  if (options.sign) {
    // Refused before the access check records anything: nothing is exported.
    const files = payload.map((p) => ({ path: p.path, sha256: p.sha256 }));
    const earlier = earlierSignature(
      tags,
      { digest, files },
      options.sign.replace === true,
      `bundle ${digest.slice(0, 12)}`,
    );
    const made = signBundleAuthorship(
      options.sign.signer,
      { digest, files, name },
      (options.sign.now ?? (() => new Date()))(),
    );
    tags = tagFilesWithAuthorship(tags, Buffer.from(made.text, 'utf8'));
    signed = { signer: made.signer, replaced: earlier !== null };
  }
  // Restricted or confidential data leaves the store only under a grant or an audited override.
  requireDataAccess(store, {
    actor,
    digest,
    purpose: 'export',
    ...(options.override !== undefined ? { override: options.override } : {}),
  });
  for (const entry of payload) {
    if (!store.blobs.has(entry.sha256))
      throw new CodedError('io-error', `payload ${entry.path} is missing from the blob store (${entry.sha256})`);
  }

  const target = path.resolve(file);
  const transfer = options.transfer;
  // A transfer copy is the same bytes each time (fixed entry times), so an interrupted push resumes on the same blob.
  const entryOptions = transfer ? { compress: false, mtime: TRANSFER_MTIME } : {};
  await writeZipAtomically(
    target,
    async (zip) => {
      for (const [tagPath, content] of tags) zip.addBuffer(content, tagPath, entryOptions);
      for (const entry of payload)
        zip.addReadStream(
          createReadStream(store.blobs.pathOf(entry.sha256), { highWaterMark: 4 * 1024 * 1024 }),
          entry.path,
          entryOptions,
        );
    },
    transfer ? { tap: transfer.tap, durable: false } : {},
  );
  store.transaction((tx) => {
    appendAudit(tx, {
      actor,
      action: 'bundle.export',
      subject: digest,
      details: { file: path.basename(target), ...(signed ? { signedBy: signed.signer.keyId } : {}) },
    });
    if (signed)
      auditSigning(tx, actor, {
        digest,
        file: target,
        keyId: signed.signer.keyId,
        replaced: signed.replaced,
        via: 'export',
      });
  });
  return { file: target, bundleDigest: digest, signer: signed?.signer ?? null, replaced: signed?.replaced ?? false };
}

/**
 * A stored bundle's entries for a copy sent on (a registry push), in `export`'s order: the tag files as `export` writes
 * them, then the payload from the blob store. Nothing is checked or recorded: `recordTransfer` does that before a byte
 * is sent.
 */
export function transferEntries(store: Store, digest: string): TransferEntry[] {
  const name = bundleCrateName(store, digest);
  if (name === undefined) throw new CodedError('not-found', `no bundle with digest ${digest} in this store`);
  const tags = withoutUnheldTagLines(new Map(tagFiles(store, digest).map((t) => [t.path, Buffer.from(t.content)])));
  return [
    ...[...tags].map(([tagPath, data]) => ({ name: tagPath, data })),
    ...payloadFiles(store, digest).map((entry) => ({ name: entry.path, file: store.blobs.pathOf(entry.sha256) })),
  ];
}

/** The data-access rules of `export` for a copy sent on, and its audit entry `bundle.export` (`via: registry`). */
export function recordTransfer(store: Store, digest: string, actor: string): void {
  const payload = payloadFiles(store, digest);
  requireDataAccess(store, { actor, digest, purpose: 'export' });
  for (const entry of payload) {
    if (!store.blobs.has(entry.sha256))
      throw new CodedError('io-error', `payload ${entry.path} is missing from the blob store (${entry.sha256})`);
  }
  store.transaction((tx) => {
    appendAudit(tx, { actor, action: 'bundle.export', subject: digest, details: { via: 'registry' } });
  });
}
