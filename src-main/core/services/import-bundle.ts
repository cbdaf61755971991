import path from 'node:path';
import type { ImportResult, BundleMetadata, VerifyReport } from '../../common/schemas/bundle';
import type { Progress } from '../../common/schemas/job';
import type { Problem } from '../../common/problem';
import type { Store, Tx } from '../store/store';
import { appendAudit } from '../audit/audit-log';
import { HELD_TAG_FILE_BYTES, HELD_TAG_FILES_BYTES } from '../bundle/tag-file-limits';
import type { VerifiedBundle } from '../bundle/verify-bundle';
import { evaluateImportedBundle } from '../governance/license-evaluations';
import { detectDrift } from '../drift/detect-drift';
import { indexApprovalFacts } from '../governance/approval-facts';
import { recordAuthorship, storedAuthorshipFacts } from '../governance/authorship-store';
import { authorshipKeys, storedAuthorship } from '../governance/signature-trust';
import { checkBundle, type CheckedBundle } from './bundle-check';
import {
  bundleExists,
  bundleStatus,
  deleteTagFiles,
  insertBundle as insertBundleRow,
  insertPayloadFiles,
  insertTagFiles,
} from '../store/repos/bundles-repo';
import { bundleSummary } from '../store/repos/bundle-list-repo';

export interface ImportOptions {
  actor: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Where the bundle came from when `source` is a temporary file (a registry reference); audited as `source`. */
  sourceName?: string;
  /** More about that origin for the audit entry (e.g. the registry manifest's digest). */
  origin?: Record<string, unknown>;
}

/**
 * Verifies a bundle into a private staging folder, then stores its payload content-addressed and records
 * it with its audit entry in one transaction: all or nothing. Refusals are audited too. A bundle whose bytes
 * verify but whose metadata is refused is kept as refused-metadata (listed with its problems, never approvable).
 */
export async function importBundle(store: Store, source: string, options: ImportOptions): Promise<ImportResult> {
  const sourceName = options.sourceName ?? path.basename(source);
  const keys = authorshipKeys(store);
  const checked = await checkBundle(source, {
    stage: true,
    stagingRoot: store.blobs.stagingDir(),
    signal: options.signal,
    onProgress: options.onProgress,
    keys,
  });
  const { verified } = checked;
  try {
    const digest = checked.digest;
    // The bytes must verify; metadata refusals and a false signature are kept and shown instead.
    if (verified.refused || !verified.report.valid || !checked.metadata || !digest)
      return refuse(store, options.actor, sourceName, checked.report, options.origin);

    if (bundleExists(store, digest))
      return alreadyPresent(store, checked, digest, sourceName, options.actor, options.origin);

    const metadata = checked.metadata;
    const refused = checked.refusals.length > 0;
    options.signal?.throwIfAborted();
    // Blobs first: an orphan blob after a crash is harmless, a recorded bundle without its bytes is not.
    for (const file of verified.payload) {
      if (file.stagedPath) store.blobs.adopt(file.stagedPath, file.sha256);
    }
    const status = refused ? 'refused-metadata' : verified.report.weak ? 'weak' : 'verified';
    const notKept = verified.streamedTagFiles.map((f) => f.path);
    store.transaction((tx) => {
      // The bag's own report: metadata refusals live in the metadata's problems, the signature's in its row.
      insertBundle(tx, {
        digest,
        report: verified.report,
        metadata,
        verified,
        sourceName,
        actor: options.actor,
        refused,
      });
      if (checked.authorshipFacts) recordAuthorship(tx, digest, checked.authorshipFacts);
      // The license verdict under the current policy, committed with the bundle (re-evaluated when the policy changes).
      const licenses = evaluateImportedBundle(tx, digest, metadata, options.actor);
      appendAudit(tx, {
        actor: options.actor,
        action: 'bundle.import',
        subject: digest,
        details: {
          source: sourceName,
          ...(options.origin ? { origin: options.origin } : {}),
          name: metadata.name,
          files: verified.report.files,
          bytes: verified.report.bytes,
          weak: verified.report.weak,
          completeness: metadata.completeness.level,
          licenseVerdict: licenses.verdict,
          status,
          authorship: {
            status: checked.authorship.status,
            keyId: checked.authorshipFacts?.keyId ?? null,
            signer: checked.authorship.signer?.email ?? null,
          },
          ...(refused
            ? { refusals: checked.refusals.slice(0, 20).map((p) => ({ code: p.code, message: p.message })) }
            : {}),
          ...(notKept.length > 0 ? { tagFilesNotKept: notKept.slice(0, 20) } : {}),
        },
      });
      // Unusable metadata raises no drift alerts: nothing it says can be compared.
      if (!refused) detectDrift(tx, digest, metadata, options.actor);
      indexApprovalFacts(tx, digest, metadata);
    });
    // Refused metadata: its refusals are the problems; what else the metadata gets wrong follows from them.
    const metadataErrors = refused ? [] : metadata.problems.filter(isError);
    const errors = [
      ...checked.refusals,
      ...(checked.authorship.status === 'invalid' ? checked.authorship.problems : []),
      ...metadataErrors,
    ];
    return {
      bundleDigest: digest,
      imported: true,
      refused: false,
      problems: errors,
      warnings: [
        ...verified.report.warnings,
        ...metadata.problems.filter((p) => !isError(p)),
        ...tagFilesNotKept(notKept),
      ],
      status,
      authorship: checked.authorship,
    };
  } finally {
    await verified.cleanup();
  }
}

/** Tag files too large to hold were verified but are not stored (bundle/tag-file-limits.ts): export leaves them out. */
function tagFilesNotKept(paths: string[]): Problem[] {
  if (paths.length === 0) return [];
  const named =
    paths
      .slice(0, 5)
      .map((p) => JSON.stringify(p))
      .join(', ') + (paths.length > 5 ? `, and ${paths.length - 5} more` : '');
  const message = `${paths.length} tag file(s) outside data/ were verified but are too large to keep with the bundle (over ${HELD_TAG_FILE_BYTES / 2 ** 20} MiB each or ${HELD_TAG_FILES_BYTES / 2 ** 20} MiB in all): ${named}; an export leaves them out`;
  return [{ code: 'tag-files-not-kept', message, path: paths[0]!, severity: 'warning' }];
}

function isError(problem: Problem): boolean {
  return problem.severity !== 'warning';
}

/**
 * The same payload is stored already. A copy that brings the author's signature the stored one lacks adds it
 * (the signed copy has the same bundle digest), with its tag files; a stored signature is never replaced here.
 */
function alreadyPresent(
  store: Store,
  checked: CheckedBundle,
  digest: string,
  sourceName: string,
  actor: string,
  origin?: Record<string, unknown>,
): ImportResult {
  const facts = checked.authorshipFacts;
  const stored = storedAuthorshipFacts(store, digest);
  const attach = facts !== null && checked.authorship.status !== 'invalid' && stored === null;
  const notes: Problem[] = [];
  store.transaction((tx) => {
    if (attach) {
      deleteTagFiles(tx, digest);
      insertTagFiles(tx, digest, checked.verified.tagFiles);
      recordAuthorship(tx, digest, facts);
      appendAudit(tx, {
        actor,
        action: 'bundle.authorship',
        subject: digest,
        details: {
          source: sourceName,
          status: checked.authorship.status,
          keyId: facts.keyId,
          signer: checked.authorship.signer?.email ?? null,
        },
      });
    }
    appendAudit(tx, {
      actor,
      action: 'bundle.import',
      subject: digest,
      details: {
        source: sourceName,
        ...(origin ? { origin } : {}),
        alreadyPresent: true,
        ...(attach ? { authorshipAdded: true } : {}),
      },
    });
  });
  if (facts && !attach && facts.envelopeSha256 !== stored?.envelopeSha256) {
    notes.push({
      code: 'authorship-not-taken',
      message:
        'the store keeps the signature it has for this bundle (or this copy’s signature does not verify); this copy’s signature was not taken',
      severity: 'warning',
    });
  }
  const status = bundleStatus(store, digest);
  return {
    bundleDigest: digest,
    imported: false,
    refused: false,
    problems: [],
    warnings: [...checked.report.warnings, ...notes],
    status,
    authorship: storedAuthorship(store, digest),
    authorshipAdded: attach,
    ...presentAs(store, digest, checked.verified.report.weak),
  };
}

/** The stored bundle this copy turned out to be, so the import can say which one and why (issue 17). */
function presentAs(store: Store, digest: string, copyWeak: boolean): Pick<ImportResult, 'presentAs'> {
  const stored = bundleSummary(store, digest);
  return stored ? { presentAs: { name: stored.name, importedAt: stored.importedAt, copyWeak } } : {};
}

function refuse(
  store: Store,
  actor: string,
  sourceName: string,
  report: VerifyReport,
  origin?: Record<string, unknown>,
): ImportResult {
  const summary = report.problems
    .slice(0, 20)
    .map((p) => ({ code: p.code, message: p.message, ...(p.path ? { path: p.path } : {}) }));
  store.transaction((tx) => {
    appendAudit(tx, {
      actor,
      action: 'bundle.import-refused',
      subject: report.bundleDigest ?? sourceName,
      details: {
        source: sourceName,
        ...(origin ? { origin } : {}),
        problemCount: report.problems.length,
        problems: summary,
      },
    });
  });
  return {
    bundleDigest: report.bundleDigest,
    imported: false,
    refused: true,
    problems: report.problems,
    warnings: report.warnings,
    status: null,
  };
}

interface BundleRecord {
  digest: string;
  report: VerifyReport;
  metadata: BundleMetadata;
  verified: VerifiedBundle;
  sourceName: string;
  actor: string;
  refused: boolean;
}

function insertBundle(tx: Tx, record: BundleRecord): void {
  const { digest, report, metadata, verified } = record;
  const author = metadata.author ? (metadata.author.name ?? metadata.author.email ?? metadata.author.id) : null;
  insertBundleRow(tx, {
    digest,
    name: metadata.name ?? record.sourceName,
    author,
    importedBy: record.actor,
    sourceName: record.sourceName,
    status: verified.report.weak ? 'weak' : 'verified',
    completeness: metadata.completeness.level,
    verification: { ...report, bundleDigest: digest },
    metadata,
    metadataState: record.refused ? 'refused' : 'ok',
  });
  insertPayloadFiles(tx, digest, verified.payload);
  insertTagFiles(tx, digest, verified.tagFiles);
}
