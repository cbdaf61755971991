import path from 'node:path';
import type { ImportResult, BundleMetadata, VerifyReport } from '../../common/schemas/bundle';
import type { Progress } from '../../common/schemas/job';
import type { Problem } from '../../common/problem';
import type { Store } from '../store/store';
import { appendAudit } from '../audit/audit-log';
import { verifyBundle, type VerifiedBundle } from '../integrity/verify-bundle';
import { bundleDigestOfFiles } from '../integrity/bundle-digest';
import { CodedError } from '../../common/result';
import { readVerifiedMetadata } from './verified-metadata';
import { evaluateImportedBundle } from '../governance/license-evaluations';
import { detectDrift } from '../drift/detect-drift';
import { indexApprovalFacts } from '../governance/approval-facts';

export interface ImportOptions {
  actor: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}


/**
 * Verifies a bundle into a private staging folder, then stores its payload content-addressed and records
 * it with its audit entry in one transaction: all or nothing. Refusals are audited too.
 */
export async function importBundle(store: Store, source: string, options: ImportOptions): Promise<ImportResult> {
  const sourceName = path.basename(source);
  const verified = await verifyBundle(source, {
    stage: true,
    stagingRoot: store.blobs.stagingDir(),
    signal: options.signal,
    onProgress: options.onProgress,
  });
  try {
    const { report } = verified;
    if (verified.refused || !report.valid) return refuse(store, options.actor, sourceName, report);
    const digest = report.bundleDigest ?? bundleDigestOfFiles(verified.payload);

    if (store.get('SELECT 1 AS present FROM bundles WHERE digest = ?', [digest])) {
      store.transaction((tx) => {
        appendAudit(tx, { actor: options.actor, action: 'bundle.import', subject: digest, details: { source: sourceName, alreadyPresent: true } });
      });
      return { bundleDigest: digest, imported: false, refused: false, problems: [], warnings: report.warnings };
    }

    let metadata: BundleMetadata;
    try {
      metadata = await readVerifiedMetadata(verified);
    } catch (error) {
      // A metadata file too large, not UTF-8, or changed since it was hashed: refused like any hostile input.
      if (!(error instanceof CodedError) || error.code !== 'refused') throw error;
      const file = typeof error.details?.path === 'string' ? error.details.path : undefined;
      const problem: Problem = { code: 'metadata-unreadable', message: error.message, ...(file ? { path: file } : {}) };
      return refuse(store, options.actor, sourceName, { ...report, valid: false, problems: [...report.problems, problem] });
    }
    options.signal?.throwIfAborted();
    // Blobs first: an orphan blob after a crash is harmless, a recorded bundle without its bytes is not.
    for (const file of verified.payload) {
      if (file.stagedPath) store.blobs.adopt(file.stagedPath, file.sha256);
    }
    store.transaction((tx) => {
      insertBundle(tx, { digest, report, metadata, verified, sourceName, actor: options.actor });
      // The license verdict under the current policy, committed with the bundle (re-evaluated when the policy changes).
      const licenses = evaluateImportedBundle(tx, digest, metadata, options.actor);
      appendAudit(tx, {
        actor: options.actor,
        action: 'bundle.import',
        subject: digest,
        details: { source: sourceName, name: metadata.name, files: report.files, bytes: report.bytes, weak: report.weak, completeness: metadata.completeness.level, licenseVerdict: licenses.verdict },
      });
      // Data sets or pipeline versions that changed against what the store holds: alerts suggesting a replay.
      detectDrift(tx, digest, metadata, options.actor);
      indexApprovalFacts(tx, digest, metadata);
    });
    return { bundleDigest: digest, imported: true, refused: false, problems: metadata.problems.filter(isError), warnings: [...report.warnings, ...metadata.problems.filter((p) => !isError(p))] };
  } finally {
    await verified.cleanup();
  }
}

function isError(problem: Problem): boolean {
  return problem.severity !== 'warning';
}

function refuse(store: Store, actor: string, sourceName: string, report: VerifyReport): ImportResult {
  const summary = report.problems.slice(0, 20).map((p) => ({ code: p.code, message: p.message, ...(p.path ? { path: p.path } : {}) }));
  store.transaction((tx) => {
    appendAudit(tx, {
      actor,
      action: 'bundle.import-refused',
      subject: report.bundleDigest ?? sourceName,
      details: { source: sourceName, problemCount: report.problems.length, problems: summary },
    });
  });
  return { bundleDigest: report.bundleDigest, imported: false, refused: true, problems: report.problems, warnings: report.warnings };
}


interface BundleRecord {
  digest: string;
  report: VerifyReport;
  metadata: BundleMetadata;
  verified: VerifiedBundle;
  sourceName: string;
  actor: string;
}

function insertBundle(tx: Parameters<Parameters<Store['transaction']>[0]>[0], record: BundleRecord): void {
  const { digest, report, metadata, verified } = record;
  const author = metadata.author ? (metadata.author.name ?? metadata.author.email ?? metadata.author.id) : null;
  tx.run(
    `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      digest,
      metadata.name ?? record.sourceName,
      author,
      new Date().toISOString(),
      record.actor,
      record.sourceName,
      report.weak ? 'weak' : 'verified',
      metadata.completeness.level,
      report.files,
      report.bytes,
      JSON.stringify({ ...report, bundleDigest: digest }),
      JSON.stringify(metadata),
    ],
  );
  for (const file of verified.payload) {
    tx.run('INSERT INTO bundle_files (digest, path, sha256, size) VALUES (?, ?, ?, ?)', [digest, file.path, file.sha256, file.size]);
  }
  for (const [tagPath, content] of Object.entries(verified.tagFiles)) {
    tx.run('INSERT INTO bundle_tag_files (digest, path, content) VALUES (?, ?, ?)', [digest, tagPath, new Uint8Array(content)]);
  }
}
