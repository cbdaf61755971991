import { z } from 'zod';
import { bundleMetadataSchema } from '../../../common/schemas/bundle';
import {
  licenseRowSchema,
  licenseStatusSchema,
  licenseVerdictSchema,
  policyShapeSchema,
  type LicenseRow,
  type LicenseStatusName,
  type LicenseVerdict,
} from '../../../common/schemas/licenses';
import type { ReadApi, Tx } from '../store-api';
import type { SqlValue } from '../sql-params';

/**
 * The licenses aggregate: license policy versions (license_policies), each bundle's evaluation under the
 * current one (bundle_licenses) and its rows per artifact for the cross-bundle table (license_artifacts).
 */

const policyShape = policyShapeSchema.strict();
export type StoredPolicyShape = z.infer<typeof policyShape>;

export interface PolicyVersion {
  version: number;
  hash: string;
  policy: StoredPolicyShape;
  setAt: string;
  setBy: string;
  note: string | null;
}

interface PolicyRow {
  version: number;
  hash: string;
  policy_json: string;
  set_at: string;
  set_by: string;
  note: string | null;
}

const POLICY_COLUMNS = 'version, hash, policy_json, set_at, set_by, note';

// The stored policy was checked against the SPDX lists when it was set; its shape is checked here (the lists change).
const policyVersionOf = (r: PolicyRow): PolicyVersion => ({
  version: r.version,
  hash: r.hash,
  policy: policyShape.parse(JSON.parse(r.policy_json)),
  setAt: r.set_at,
  setBy: r.set_by,
  note: r.note,
});

/** The newest stored policy version, or null while none is stored. */
export function latestPolicyVersion(db: ReadApi): PolicyVersion | null {
  const row = db.get<PolicyRow>(`SELECT ${POLICY_COLUMNS} FROM license_policies ORDER BY version DESC LIMIT 1`);
  return row ? policyVersionOf(row) : null;
}

/** Every stored version, newest first. */
export function policyVersions(db: ReadApi): PolicyVersion[] {
  return db.all<PolicyRow>(`SELECT ${POLICY_COLUMNS} FROM license_policies ORDER BY version DESC`).map(policyVersionOf);
}

export function policyVersion(db: ReadApi, version: number): PolicyVersion | null {
  const row = db.get<PolicyRow>(`SELECT ${POLICY_COLUMNS} FROM license_policies WHERE version = ?`, [version]);
  return row ? policyVersionOf(row) : null;
}

/** Stores a policy version (its canonical JSON), set now by the store's clock. */
export function insertPolicyVersion(
  tx: Tx,
  p: { version: number; hash: string; json: string; setBy: string; note: string | null },
): PolicyVersion {
  const setAt = tx.now().toISOString();
  tx.run(`INSERT INTO license_policies (${POLICY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`, [
    p.version,
    p.hash,
    p.json,
    setAt,
    p.setBy,
    p.note,
  ]);
  return policyVersionOf({
    version: p.version,
    hash: p.hash,
    policy_json: p.json,
    set_at: setAt,
    set_by: p.setBy,
    note: p.note,
  });
}

/** Records a bundle's evaluation (evaluated now by the store's clock); `summary` is what report_json keeps. */
export function upsertBundleEvaluation(
  tx: Tx,
  digest: string,
  e: { policyVersion: number; policyHash: string; verdict: LicenseVerdict; summary: Record<string, unknown> },
): void {
  tx.run(
    `INSERT INTO bundle_licenses (digest, policy_version, policy_hash, verdict, evaluated_at, report_json) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (digest) DO UPDATE SET policy_version = excluded.policy_version, policy_hash = excluded.policy_hash,
       verdict = excluded.verdict, evaluated_at = excluded.evaluated_at, report_json = excluded.report_json`,
    [digest, e.policyVersion, e.policyHash, e.verdict, tx.now().toISOString(), JSON.stringify(e.summary)],
  );
}

/** A bundle's stored verdict, or null before its first evaluation. */
export function storedVerdict(db: ReadApi, digest: string): LicenseVerdict | null {
  const row = db.get<{ verdict: string }>('SELECT verdict FROM bundle_licenses WHERE digest = ?', [digest]);
  return row ? licenseVerdictSchema.parse(row.verdict) : null;
}

/** Which policy version a bundle was last evaluated under, and when. */
export function bundleEvaluation(db: ReadApi, digest: string): { policyVersion: number; evaluatedAt: string } | null {
  const row = db.get<{ policy_version: number; evaluated_at: string }>(
    'SELECT policy_version, evaluated_at FROM bundle_licenses WHERE digest = ?',
    [digest],
  );
  return row ? { policyVersion: row.policy_version, evaluatedAt: row.evaluated_at } : null;
}

/** Every evaluated bundle with its name, by name (the compliance report). */
export function evaluatedBundles(
  db: ReadApi,
): { digest: string; name: string; verdict: LicenseVerdict; policyVersion: number; evaluatedAt: string }[] {
  return db
    .all<{ digest: string; name: string; verdict: string; policy_version: number; evaluated_at: string }>(
      'SELECT b.digest, b.name, l.verdict, l.policy_version, l.evaluated_at FROM bundles b JOIN bundle_licenses l ON l.digest = b.digest ORDER BY b.name COLLATE NOCASE, b.digest',
    )
    .map((r) => ({
      digest: r.digest,
      name: r.name,
      verdict: licenseVerdictSchema.parse(r.verdict),
      policyVersion: r.policy_version,
      evaluatedAt: r.evaluated_at,
    }));
}

// Only what evaluation reads of the metadata is parsed: re-evaluation after a policy change reads every bundle.
const licenseInputsSchema = bundleMetadataSchema.pick({ license: true, files: true, modules: true, datasets: true });
export type LicenseInputs = z.infer<typeof licenseInputsSchema>;

/**
 * The stored bundles to evaluate, in import order, with their current verdict: all of them (after a policy
 * change) or those never evaluated (stored by an older build). `inputs()` parses what evaluation reads of the
 * metadata when called, so a pass over 10,000 bundles holds one parsed bundle at a time.
 */
export function bundlesToEvaluate(
  db: ReadApi,
  which: 'all' | 'unevaluated',
): { digest: string; name: string; verdict: LicenseVerdict | null; inputs: () => LicenseInputs }[] {
  const rows =
    which === 'all'
      ? db.all<{ digest: string; name: string; metadata_json: string; verdict: string | null }>(
          'SELECT b.digest, b.name, b.metadata_json, l.verdict FROM bundles b LEFT JOIN bundle_licenses l ON l.digest = b.digest ORDER BY b.imported_at, b.digest',
        )
      : db.all<{ digest: string; name: string; metadata_json: string; verdict: null }>(
          'SELECT digest, name, metadata_json, NULL AS verdict FROM bundles WHERE digest NOT IN (SELECT digest FROM bundle_licenses) ORDER BY imported_at, digest',
        );
  return rows.map((r) => ({
    digest: r.digest,
    name: r.name,
    verdict: r.verdict === null ? null : licenseVerdictSchema.parse(r.verdict),
    inputs: () => licenseInputsSchema.parse(JSON.parse(r.metadata_json)),
  }));
}

export function unevaluatedBundleCount(db: ReadApi): number {
  return (
    db.get<{ n: number }>('SELECT COUNT(*) AS n FROM bundles WHERE digest NOT IN (SELECT digest FROM bundle_licenses)')
      ?.n ?? 0
  );
}

export const ARTIFACT_COLUMNS = [
  'ord',
  'role',
  'expression',
  'status',
  'reason',
  'suggestion',
  'flags',
  'classification',
  'sha256',
] as const;
/** One artifact row's columns in ARTIFACT_COLUMNS order, `flags` as its JSON text. */
export type ArtifactValues = [
  number,
  string,
  string | null,
  string,
  string,
  string | null,
  string,
  string | null,
  string | null,
];

/**
 * A bundle's artifact rows as stored, by path. Left unparsed: re-evaluation only compares them with the values it
 * would write (10,000 bundles after a policy change), and writes the rows that differ.
 */
export function artifactValues(db: ReadApi, digest: string): Map<string, ArtifactValues> {
  const out = new Map<string, ArtifactValues>();
  for (const r of db.all<Record<(typeof ARTIFACT_COLUMNS)[number] | 'path', string | number | null>>(
    `SELECT path, ${ARTIFACT_COLUMNS.join(', ')} FROM license_artifacts WHERE digest = ?`,
    [digest],
  )) {
    out.set(r.path as string, ARTIFACT_COLUMNS.map((c) => r[c]) as ArtifactValues);
  }
  return out;
}

export function insertArtifact(tx: Tx, digest: string, path: string, values: ArtifactValues): void {
  tx.run(
    `INSERT OR REPLACE INTO license_artifacts (digest, path, ${ARTIFACT_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [digest, path, ...values],
  );
}

/** Updated in place, so the table keeps its (rowid) order. */
export function updateArtifact(tx: Tx, digest: string, path: string, values: ArtifactValues): void {
  tx.run(
    `UPDATE license_artifacts SET ${ARTIFACT_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE digest = ? AND path = ?`,
    [...values, digest, path],
  );
}

export function deleteArtifact(tx: Tx, digest: string, path: string): void {
  tx.run('DELETE FROM license_artifacts WHERE digest = ? AND path = ?', [digest, path]);
}

/** Data items (rows with a classification) by content hash: the first path holding it, optionally in one bundle. */
export function dataPathBySha256(db: ReadApi, sha256: string, digest?: string): string | null {
  const row = db.get<{ path: string }>(
    `SELECT path FROM license_artifacts WHERE sha256 = ? AND classification IS NOT NULL${digest ? ' AND digest = ?' : ''} ORDER BY digest LIMIT 1`,
    [sha256, ...(digest ? [digest] : [])],
  );
  return row?.path ?? null;
}

/**
 * The distinct content hashes of data items at `path` (null: a data set that is not a file), optionally in one bundle.
 */
export function dataSha256sByPath(db: ReadApi, path: string, digest?: string): (string | null)[] {
  return db
    .all<{ sha256: string | null }>(
      `SELECT DISTINCT sha256 FROM license_artifacts WHERE path = ? AND classification IS NOT NULL${digest ? ' AND digest = ?' : ''}`,
      [path, ...(digest ? [digest] : [])],
    )
    .map((r) => r.sha256);
}

export interface ArtifactFilter {
  status?: string;
  classification?: string;
  role?: string;
  digest?: string;
  text?: string; // matches path, license, bundle name or digest
}

// Grants and last access are looked up per row of the page only, through the indexes of migration 0004.
const GRANTS = `(SELECT COUNT(*) FROM access_grants g WHERE a.classification IS NOT NULL AND g.revoked_at IS NULL
  AND (g.expires_at IS NULL OR g.expires_at > ?) AND (g.bundle_digest IS NULL OR g.bundle_digest = a.digest)
  AND ((g.dataset_sha256 IS NOT NULL AND g.dataset_sha256 = a.sha256) OR (g.dataset_sha256 IS NULL AND g.dataset_path = a.path AND g.bundle_digest = a.digest)))`;
const LAST_ACCESS = `(SELECT MAX(ev.time) FROM access_events ev WHERE ev.digest = a.digest AND ev.dataset_path = a.path AND ev.outcome <> 'refused')`;

const escapeLike = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const licenseRowsSchema = z.array(licenseRowSchema);

/**
 * One row per artifact across every stored bundle, filtered and paged in SQL. Rows come grouped by bundle in
 * the order the bundles were evaluated (import order), each bundle's artifacts in report order: that is rowid
 * order, which the table and its status/classification indexes give without a sort (bench/licenses-list).
 */
export function artifactPage(
  db: ReadApi,
  filter: ArtifactFilter,
  page: { offset: number; limit: number },
  now: Date,
): { total: number; rows: LicenseRow[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  for (const [column, value] of [
    ['a.status', filter.status],
    ['a.classification', filter.classification],
    ['a.role', filter.role],
    ['a.digest', filter.digest],
  ] as const) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  const text = filter.text?.trim();
  if (text) {
    where.push(
      "(a.path LIKE ? ESCAPE '\\' OR a.expression LIKE ? ESCAPE '\\' OR b.name LIKE ? ESCAPE '\\' OR a.digest LIKE ? ESCAPE '\\')",
    );
    const like = escapeLike(text);
    params.push(like, like, like, like);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const from =
    'FROM license_artifacts a JOIN bundles b ON b.digest = a.digest JOIN bundle_licenses l ON l.digest = a.digest';
  // Every artifact row has its bundle and evaluation (same transaction), so only a text filter needs the join to count.
  const total =
    db.get<{ n: number }>(`SELECT COUNT(*) AS n ${text ? from : 'FROM license_artifacts a'} ${clause}`, params)?.n ?? 0;
  const rows = db.all<{
    digest: string;
    name: string;
    verdict: string;
    path: string;
    role: string;
    expression: string | null;
    status: string;
    reason: string;
    suggestion: string | null;
    flags: string;
    classification: string | null;
    sha256: string | null;
    grants: number;
    last_access: string | null;
  }>(
    `SELECT a.digest, b.name, l.verdict, a.path, a.role, a.expression, a.status, a.reason, a.suggestion, a.flags, a.classification, a.sha256,
       ${GRANTS} AS grants, ${LAST_ACCESS} AS last_access
     ${from} ${clause} ORDER BY a.rowid LIMIT ? OFFSET ?`,
    [now.toISOString(), ...params, page.limit, page.offset],
  );
  return {
    total,
    rows: licenseRowsSchema.parse(
      rows.map((r) => ({
        bundleDigest: r.digest,
        bundleName: r.name,
        bundleVerdict: r.verdict,
        path: r.path,
        role: r.role,
        expression: r.expression,
        status: r.status,
        reason: r.reason,
        suggestion: r.suggestion,
        flags: JSON.parse(r.flags),
        classification: r.classification,
        sha256: r.sha256,
        activeGrants: r.grants,
        lastAccess: r.last_access,
      })),
    ),
  };
}

/** How many artifact rows have each status, over every bundle. */
export function artifactStatusCounts(db: ReadApi): { status: LicenseStatusName; n: number }[] {
  return db
    .all<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM license_artifacts GROUP BY status')
    .map((r) => ({ status: licenseStatusSchema.parse(r.status), n: r.n }));
}
