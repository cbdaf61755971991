import type { BundleMetadata } from '../../common/schemas/bundle';
import type { PolicyReevaluation, StoredPolicy } from '../../common/schemas/licenses';
import { appendAudit } from '../audit/audit-log';
import { evaluateBundleLicenses, type LicenseInputs, type LicenseReport } from '../licenses/evaluate-bundle';
import {
  artifactValues,
  bundlesToEvaluate,
  deleteArtifact,
  insertArtifact,
  unevaluatedBundleCount,
  updateArtifact,
  upsertBundleEvaluation,
  type ArtifactValues,
} from '../store/repos/licenses-repo';
import type { Store, Tx } from '../store/store';
import { ensurePolicy } from './policy-store';

/**
 * Each artifact's access class and content hash: files carry both, data sets that are not files their own, modules
 * none.
 */
export function artifactAccess(
  meta: Pick<BundleMetadata, 'datasets' | 'files'>,
): Map<string, { classification: string; sha256: string | null }> {
  const out = new Map<string, { classification: string; sha256: string | null }>();
  for (const d of meta.datasets) out.set(d.id, { classification: d.access, sha256: d.sha256 });
  for (const f of meta.files) out.set(f.path, { classification: f.access, sha256: f.sha256 });
  return out;
}

/**
 * Stores a bundle's license report under the given policy: the whole report, and one row per artifact
 * for the cross-bundle table. On re-evaluation only the rows whose values changed are written (most do
 * not change with a policy edit), and updated in place so the table keeps its order.
 */
export function recordLicenseEvaluation(
  tx: Tx,
  digest: string,
  meta: LicenseInputs,
  policy: StoredPolicy,
): LicenseReport {
  const report = evaluateBundleLicenses(meta, policy.policy);
  const access = artifactAccess(meta);
  upsertBundleEvaluation(tx, digest, {
    policyVersion: policy.version,
    policyHash: report.policyHash,
    verdict: report.verdict,
    summary: reportSummary(report),
  });
  const existing = artifactValues(tx, digest);
  const kept = new Set<string>();
  report.artifacts.forEach((a, ord) => {
    const acc = access.get(a.path) ?? null;
    const values: ArtifactValues = [
      ord,
      a.role,
      a.expression,
      a.status,
      a.reason,
      a.suggestion,
      JSON.stringify(a.flags),
      acc?.classification ?? null,
      acc?.sha256 ?? null,
    ];
    const old = existing.get(a.path);
    kept.add(a.path);
    if (!old) insertArtifact(tx, digest, a.path, values);
    else if (values.some((v, i) => v !== old[i])) updateArtifact(tx, digest, a.path, values);
  });
  for (const path of existing.keys()) if (!kept.has(path)) deleteArtifact(tx, digest, path);
  return report;
}

/**
 * What bundle_licenses.report_json keeps: counts, not the report. The full report is recomputed on demand from
 * the stored metadata and the stored policy version (deterministic, about a millisecond), which keeps a policy
 * change from journaling every bundle's report again (bench/licenses-list).
 */
function reportSummary(report: LicenseReport): Record<string, unknown> {
  return {
    verdict: report.verdict,
    policyHash: report.policyHash,
    artifacts: report.artifacts.length,
    findings: report.findings.length,
  };
}

/** After a policy change: every stored bundle under the new policy, with one audit entry summing up what changed. */
export function reevaluateAllBundles(tx: Tx, policy: StoredPolicy, actor: string): PolicyReevaluation {
  const rows = bundlesToEvaluate(tx, 'all');
  const changed: PolicyReevaluation['changes'] = [];
  for (const row of rows) {
    const report = recordLicenseEvaluation(tx, row.digest, row.inputs(), policy);
    if (report.verdict !== row.verdict)
      changed.push({ digest: row.digest, name: row.name, from: row.verdict, to: report.verdict });
  }
  if (rows.length > 0) {
    appendAudit(tx, {
      actor,
      action: 'license.reevaluate',
      subject: `license-policy/${policy.version}`,
      details: {
        policyVersion: policy.version,
        policyHash: policy.hash,
        bundles: rows.length,
        verdictsChanged: changed.length,
        changes: changed.slice(0, 100).map(({ digest, from, to }) => ({ digest, from, to })),
      },
    });
  }
  // The user is told which verdicts moved; past 20 the audit entry and the Licenses list hold the rest.
  return { bundles: rows.length, verdictsChanged: changed.length, changes: changed.slice(0, 20) };
}

/** Bundles stored before licenses were evaluated (or by an older build) get their evaluation now. */
export function backfillLicenseEvaluations(store: Store, actor: string): number {
  if (store.readOnly) return 0;
  if (unevaluatedBundleCount(store) === 0) return 0;
  return store.transaction((tx) => {
    const policy = ensurePolicy(tx, actor);
    const rows = bundlesToEvaluate(tx, 'unevaluated');
    for (const row of rows) recordLicenseEvaluation(tx, row.digest, row.inputs(), policy);
    appendAudit(tx, {
      actor,
      action: 'license.evaluate',
      subject: `license-policy/${policy.version}`,
      details: { policyVersion: policy.version, bundles: rows.length, reason: 'bundles without an evaluation' },
    });
    return rows.length;
  });
}

/** For import: evaluate a newly stored bundle inside the import's own transaction. */
export function evaluateImportedBundle(tx: Tx, digest: string, meta: BundleMetadata, actor: string): LicenseReport {
  return recordLicenseEvaluation(tx, digest, meta, ensurePolicy(tx, actor));
}
