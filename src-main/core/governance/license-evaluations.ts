import type { BundleMetadata } from '../../common/schemas/bundle';
import type { StoredPolicy } from '../../common/schemas/licenses';
import { appendAudit } from '../audit/audit-log';
import { evaluateBundleLicenses, type LicenseReport } from '../licenses/evaluate-bundle';
import type { Store, Tx } from '../store/store';
import { ensurePolicy } from './policy-store';

/** Each artifact's access class and content hash: files carry both, data sets that are not files their own, modules none. */
export function artifactAccess(meta: BundleMetadata): Map<string, { classification: string; sha256: string | null }> {
  const out = new Map<string, { classification: string; sha256: string | null }>();
  for (const d of meta.datasets) out.set(d.id, { classification: d.access, sha256: d.sha256 });
  for (const f of meta.files) out.set(f.path, { classification: f.access, sha256: f.sha256 });
  return out;
}

/**
 * Stores a bundle's license report under the given policy: the whole report, and one row per artifact
 * for the cross-bundle table. Replaces an earlier evaluation of the same bundle.
 */
export function recordLicenseEvaluation(tx: Tx, digest: string, meta: BundleMetadata, policy: StoredPolicy): LicenseReport {
  const report = evaluateBundleLicenses(meta, policy.policy);
  const access = artifactAccess(meta);
  tx.run('DELETE FROM license_artifacts WHERE digest = ?', [digest]);
  tx.run(
    `INSERT INTO bundle_licenses (digest, policy_version, policy_hash, verdict, evaluated_at, report_json) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (digest) DO UPDATE SET policy_version = excluded.policy_version, policy_hash = excluded.policy_hash,
       verdict = excluded.verdict, evaluated_at = excluded.evaluated_at, report_json = excluded.report_json`,
    [digest, policy.version, report.policyHash, report.verdict, tx.now().toISOString(), JSON.stringify(report)],
  );
  report.artifacts.forEach((a, ord) => {
    const acc = access.get(a.path) ?? null;
    tx.run(
      `INSERT OR REPLACE INTO license_artifacts (digest, path, ord, role, expression, status, reason, suggestion, flags, classification, sha256)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [digest, a.path, ord, a.role, a.expression, a.status, a.reason, a.suggestion, JSON.stringify(a.flags), acc?.classification ?? null, acc?.sha256 ?? null],
    );
  });
  return report;
}

/** After a policy change: every stored bundle under the new policy, with one audit entry summing up what changed. */
export function reevaluateAllBundles(tx: Tx, policy: StoredPolicy, actor: string): { bundles: number; verdictsChanged: number } {
  const rows = tx.all<{ digest: string; metadata_json: string; verdict: string | null }>(
    'SELECT b.digest, b.metadata_json, l.verdict FROM bundles b LEFT JOIN bundle_licenses l ON l.digest = b.digest ORDER BY b.digest',
  );
  const changed: { digest: string; from: string | null; to: string }[] = [];
  for (const row of rows) {
    const report = recordLicenseEvaluation(tx, row.digest, JSON.parse(row.metadata_json) as BundleMetadata, policy);
    if (report.verdict !== row.verdict) changed.push({ digest: row.digest, from: row.verdict, to: report.verdict });
  }
  if (rows.length > 0) {
    appendAudit(tx, {
      actor,
      action: 'license.reevaluate',
      subject: `license-policy/${policy.version}`,
      details: { policyVersion: policy.version, policyHash: policy.hash, bundles: rows.length, verdictsChanged: changed.length, changes: changed.slice(0, 100) },
    });
  }
  return { bundles: rows.length, verdictsChanged: changed.length };
}

/** Bundles stored before licenses were evaluated (or by an older build) get their evaluation now. */
export function backfillLicenseEvaluations(store: Store, actor: string): number {
  if (store.readOnly) return 0;
  const missing = store.get<{ n: number }>('SELECT COUNT(*) AS n FROM bundles WHERE digest NOT IN (SELECT digest FROM bundle_licenses)')?.n ?? 0;
  if (missing === 0) return 0;
  return store.transaction((tx) => {
    const policy = ensurePolicy(tx, actor);
    const rows = tx.all<{ digest: string; metadata_json: string }>('SELECT digest, metadata_json FROM bundles WHERE digest NOT IN (SELECT digest FROM bundle_licenses)');
    for (const row of rows) recordLicenseEvaluation(tx, row.digest, JSON.parse(row.metadata_json) as BundleMetadata, policy);
    appendAudit(tx, { actor, action: 'license.evaluate', subject: `license-policy/${policy.version}`, details: { policyVersion: policy.version, bundles: rows.length, reason: 'bundles without an evaluation' } });
    return rows.length;
  });
}

/** For import: evaluate a newly stored bundle inside the import's own transaction. */
export function evaluateImportedBundle(tx: Tx, digest: string, meta: BundleMetadata, actor: string): LicenseReport {
  return recordLicenseEvaluation(tx, digest, meta, ensurePolicy(tx, actor));
}
