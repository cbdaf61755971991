import { z } from 'zod';
import {
  bundleMetadataSchema,
  bundleStatusSchema,
  verifyReportSchema,
  type BundleMetadata,
  type BundleStatus,
  type VerifyReport,
} from '../../../common/schemas/bundle';
import type { ReadApi, Tx } from '../store-api';

/**
 * One stored bundle: its `bundles` row (with the verification report, the metadata as imported and whether
 * that metadata was refused: metadata_state), its payload files (`bundle_files`, the bytes in the blob store),
 * its tag files as imported (`bundle_tag_files`) and its approval facts (`bundle_approval_facts`).
 * Listing and counting many bundles: bundle-list-repo.ts.
 */

export interface NewBundle {
  digest: string;
  name: string;
  author: string | null;
  importedBy: string;
  sourceName: string;
  status: 'verified' | 'weak'; // what the bytes proved; refused metadata is metadataState
  completeness: BundleMetadata['completeness']['level'];
  verification: VerifyReport;
  metadata: BundleMetadata;
  metadataState: 'ok' | 'refused';
}

/** The `bundles` row, imported now by the transaction's clock. */
export function insertBundle(tx: Tx, b: NewBundle): void {
  tx.run(
    `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json, metadata_state, metadata_errors)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      b.digest,
      b.name,
      b.author,
      tx.now().toISOString(),
      b.importedBy,
      b.sourceName,
      b.status,
      b.completeness,
      b.verification.files,
      b.verification.bytes,
      JSON.stringify(b.verification),
      JSON.stringify(b.metadata),
      b.metadataState,
      b.metadata.problems.filter((p) => p.severity === 'error').length,
    ],
  );
}

export function insertPayloadFiles(
  tx: Tx,
  digest: string,
  files: readonly { path: string; sha256: string; size: number }[],
): void {
  for (const f of files)
    tx.run('INSERT INTO bundle_files (digest, path, sha256, size) VALUES (?, ?, ?, ?)', [
      digest,
      f.path,
      f.sha256,
      f.size,
    ]);
}

export function insertTagFiles(tx: Tx, digest: string, tagFiles: Readonly<Record<string, Uint8Array>>): void {
  for (const [tagPath, content] of Object.entries(tagFiles)) {
    tx.run('INSERT INTO bundle_tag_files (digest, path, content) VALUES (?, ?, ?)', [
      digest,
      tagPath,
      new Uint8Array(content),
    ]);
  }
}

export function deleteTagFiles(tx: Tx, digest: string): void {
  tx.run('DELETE FROM bundle_tag_files WHERE digest = ?', [digest]);
}

export function bundleExists(db: ReadApi, digest: string): boolean {
  return db.get('SELECT 1 AS present FROM bundles WHERE digest = ?', [digest]) !== undefined;
}

export function countBundles(db: ReadApi): number {
  return db.get<{ n: number }>('SELECT COUNT(*) AS n FROM bundles')?.n ?? 0;
}

/** The bundle's name as listed (the crate's name, else the source file's), or null when not stored. */
export function bundleName(db: ReadApi, digest: string): string | null {
  return z
    .string()
    .nullable()
    .parse(db.get<{ name: string }>('SELECT name FROM bundles WHERE digest = ?', [digest])?.name ?? null);
}

/** A bundle whose metadata was refused reads as such wherever its status is shown. */
export const STATUS_COLUMN = "CASE WHEN metadata_state = 'refused' THEN 'refused-metadata' ELSE status END";

/**
 * The one classification every screen and the report show (issue 17): refused (the bytes or the metadata were refused),
 * verified with problems (only weak hashes, or metadata errors that did not refuse it), verified (clean).
 */
export const INTEGRITY_COLUMN = `CASE WHEN metadata_state = 'refused' OR status = 'invalid' THEN 'refused'
  WHEN status = 'weak' OR metadata_errors > 0 THEN 'verified-with-problems' ELSE 'verified' END`;

export function bundleStatus(db: ReadApi, digest: string): BundleStatus | null {
  const row = db.get<{ status: string }>(`SELECT ${STATUS_COLUMN} AS status FROM bundles WHERE digest = ?`, [digest]);
  return row ? bundleStatusSchema.parse(row.status) : null;
}

/** Up to `limit` digests starting with `prefix` (hex characters only: the caller checks). */
export function digestsWithPrefix(db: ReadApi, prefix: string, limit: number): string[] {
  return db
    .all<{ digest: string }>('SELECT digest FROM bundles WHERE digest LIKE ? LIMIT ?', [`${prefix}%`, limit])
    .map((r) => r.digest);
}

/** The metadata as imported, parsed whole; null when the bundle is not stored. */
export function bundleMetadata(db: ReadApi, digest: string): BundleMetadata | null {
  const row = db.get<{ metadata_json: string }>('SELECT metadata_json FROM bundles WHERE digest = ?', [digest]);
  return row ? bundleMetadataSchema.parse(JSON.parse(row.metadata_json)) : null;
}

/** The verification report kept at import; null when the bundle is not stored. */
export function bundleVerification(db: ReadApi, digest: string): VerifyReport | null {
  const row = db.get<{ verification_json: string }>('SELECT verification_json FROM bundles WHERE digest = ?', [digest]);
  return row ? verifyReportSchema.parse(JSON.parse(row.verification_json)) : null;
}

const crateNameSchema = z.object({ name: z.string() });

/**
 * Only the crate's root name, without parsing the rest of the metadata: `undefined` when the bundle is not
 * stored, null when the metadata has no string name.
 */
export function bundleCrateName(db: ReadApi, digest: string): string | null | undefined {
  const row = db.get<{ metadata_json: string }>('SELECT metadata_json FROM bundles WHERE digest = ?', [digest]);
  if (!row) return undefined;
  try {
    const named = crateNameSchema.safeParse(JSON.parse(row.metadata_json));
    return named.success ? named.data.name : null;
  } catch {
    return null;
  }
}

const payloadFileSchema = z.object({ path: z.string(), sha256: z.string() });

/** The payload files by path, their bytes in the blob store under `sha256`. */
export function payloadFiles(db: ReadApi, digest: string): { path: string; sha256: string }[] {
  return db
    .all<{ path: string; sha256: string }>('SELECT path, sha256 FROM bundle_files WHERE digest = ? ORDER BY path', [
      digest,
    ])
    .map((r) => payloadFileSchema.parse(r));
}

const tagFileSchema = z.object({ path: z.string(), content: z.instanceof(Uint8Array) });

/** The tag files kept at import, by path. */
export function tagFiles(db: ReadApi, digest: string): { path: string; content: Uint8Array }[] {
  return db
    .all<{ path: string; content: Uint8Array }>(
      'SELECT path, content FROM bundle_tag_files WHERE digest = ? ORDER BY path',
      [digest],
    )
    .map((r) => tagFileSchema.parse(r));
}

export interface ApprovalFacts {
  authorEmail: string | null;
  authorName: string | null;
  pipeline: string | null;
  modules: BundleMetadata['modules'];
}

/** The bundle's approval facts row (what the approval inbox filters on), written or replaced. */
export function putApprovalFacts(tx: Tx, digest: string, facts: ApprovalFacts): void {
  tx.run(
    'INSERT OR REPLACE INTO bundle_approval_facts (digest, author_email, author_name, pipeline, modules_json) VALUES (?, ?, ?, ?, ?)',
    [digest, facts.authorEmail, facts.authorName, facts.pipeline, JSON.stringify(facts.modules)],
  );
}
