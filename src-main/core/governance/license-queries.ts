import type { z } from 'zod';
import { CodedError } from '../../common/result';
import type { BundleLicenses, LicenseList, LicenseRow, licenseListRequestSchema } from '../../common/schemas/licenses';
import type { BundleMetadata } from '../../common/schemas/bundle';
import { evaluateBundleLicenses } from '../licenses/evaluate-bundle';
import type { LicensePolicy } from '../licenses/policy';
import type { ReadApi, SqlValue } from '../store/store';

export type LicenseListQuery = z.output<typeof licenseListRequestSchema>;

interface ArtifactRow {
  digest: string;
  name: string;
  verdict: LicenseRow['bundleVerdict'];
  path: string;
  role: LicenseRow['role'];
  expression: string | null;
  status: LicenseRow['status'];
  reason: string;
  suggestion: string | null;
  flags: string;
  classification: LicenseRow['classification'];
  sha256: string | null;
  grants: number;
  last_access: string | null;
}

// Grants and last access are looked up per row of the page only, through the indexes of migration 0004.
const GRANTS = `(SELECT COUNT(*) FROM access_grants g WHERE a.classification IS NOT NULL AND g.revoked_at IS NULL
  AND (g.expires_at IS NULL OR g.expires_at > ?) AND (g.bundle_digest IS NULL OR g.bundle_digest = a.digest)
  AND ((g.dataset_sha256 IS NOT NULL AND g.dataset_sha256 = a.sha256) OR (g.dataset_sha256 IS NULL AND g.dataset_path = a.path AND g.bundle_digest = a.digest)))`;
const LAST_ACCESS = `(SELECT MAX(ev.time) FROM access_events ev WHERE ev.digest = a.digest AND ev.dataset_path = a.path AND ev.outcome <> 'refused')`;

const escapeLike = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One row per artifact across every stored bundle, filtered and paged in SQL. Rows come grouped by bundle in
 * the order the bundles were evaluated (import order), each bundle's artifacts in report order: that is rowid
 * order, which the table and its status/classification indexes give without a sort (bench/licenses-list).
 */
export function listLicenses(db: ReadApi, q: LicenseListQuery, now: Date): LicenseList {
  const where: string[] = [];
  const params: SqlValue[] = [];
  for (const [column, value] of [['a.status', q.status], ['a.classification', q.classification], ['a.role', q.role], ['a.digest', q.digest]] as const) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  const text = q.text?.trim();
  if (text) {
    where.push("(a.path LIKE ? ESCAPE '\\' OR a.expression LIKE ? ESCAPE '\\' OR b.name LIKE ? ESCAPE '\\' OR a.digest LIKE ? ESCAPE '\\')");
    const like = escapeLike(text);
    params.push(like, like, like, like);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const from = 'FROM license_artifacts a JOIN bundles b ON b.digest = a.digest JOIN bundle_licenses l ON l.digest = a.digest';
  // Every artifact row has its bundle and evaluation (same transaction), so only a text filter needs the join to count.
  const total = db.get<{ n: number }>(`SELECT COUNT(*) AS n ${text ? from : 'FROM license_artifacts a'} ${clause}`, params)?.n ?? 0;
  const rows = db.all<ArtifactRow>(
    `SELECT a.digest, b.name, l.verdict, a.path, a.role, a.expression, a.status, a.reason, a.suggestion, a.flags, a.classification, a.sha256,
       ${GRANTS} AS grants, ${LAST_ACCESS} AS last_access
     ${from} ${clause} ORDER BY a.rowid LIMIT ? OFFSET ?`,
    [now.toISOString(), ...params, q.limit, q.offset],
  );
  const counts: LicenseList['counts'] = { allowed: 0, 'needs-review': 0, denied: 0, invalid: 0 };
  for (const c of db.all<{ status: LicenseRow['status']; n: number }>('SELECT status, COUNT(*) AS n FROM license_artifacts GROUP BY status')) counts[c.status] = c.n;
  return {
    total,
    counts,
    rows: rows.map((r) => ({
      bundleDigest: r.digest,
      bundleName: r.name,
      bundleVerdict: r.verdict,
      path: r.path,
      role: r.role,
      expression: r.expression,
      status: r.status,
      reason: r.reason,
      suggestion: r.suggestion,
      flags: JSON.parse(r.flags) as string[],
      classification: r.classification,
      sha256: r.sha256,
      activeGrants: r.grants,
      lastAccess: r.last_access,
    })),
  };
}

/** A bundle's full report under the policy version it was last evaluated with (the current one). */
export function getBundleLicenses(db: ReadApi, digest: string): BundleLicenses {
  const row = db.get<{ policy_version: number; evaluated_at: string; metadata_json: string; policy_json: string | null }>(
    `SELECT l.policy_version, l.evaluated_at, b.metadata_json, p.policy_json FROM bundle_licenses l JOIN bundles b ON b.digest = l.digest
     LEFT JOIN license_policies p ON p.version = l.policy_version WHERE l.digest = ?`,
    [digest],
  );
  if (!row) {
    const present = db.get('SELECT 1 AS x FROM bundles WHERE digest = ?', [digest]);
    throw new CodedError('not-found', present ? `bundle ${digest} has no license evaluation yet` : `no bundle with digest ${digest} in this store`);
  }
  if (row.policy_json === null) throw new CodedError('internal', `policy version ${row.policy_version} of bundle ${digest}'s evaluation is missing`);
  const report = evaluateBundleLicenses(JSON.parse(row.metadata_json) as BundleMetadata, JSON.parse(row.policy_json) as LicensePolicy);
  return { ...report, bundleDigest: digest, policyVersion: row.policy_version, evaluatedAt: row.evaluated_at };
}
