import { csvRow } from '../text/csv';
import type { LicenseRow } from '../../common/schemas/licenses';
import { evaluatedBundles } from '../store/repos/licenses-repo';
import type { ReadApi } from '../store/store';
import { listAccessEvents } from './access-events';
import { listGrants } from './grants';
import { listLicenses } from './license-queries';
import { readPolicy } from './policy-store';

const PAGE = 5000;

function allArtifacts(db: ReadApi, now: Date): LicenseRow[] {
  const rows: LicenseRow[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = listLicenses(db, { offset, limit: PAGE }, now);
    rows.push(...page.rows);
    if (page.rows.length < PAGE) return rows;
  }
}

const count = <T extends string>(values: T[]): Record<string, number> =>
  values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

/** The report an auditor files: the policy in force, every bundle's verdict and artifact, grants and access events. */
export function complianceReportJson(db: ReadApi, now: Date): Record<string, unknown> {
  const policy = readPolicy(db);
  const artifacts = allArtifacts(db, now);
  const bundles = evaluatedBundles(db);
  const byBundle = new Map<string, LicenseRow[]>();
  for (const a of artifacts) byBundle.set(a.bundleDigest, [...(byBundle.get(a.bundleDigest) ?? []), a]);
  const grants = listGrants(db, now);
  const events = listAccessEvents(db, { offset: 0, limit: -1 }).events; // -1: no limit in SQLite
  return {
    kind: 'provdesk-compliance-report',
    generatedAt: now.toISOString(),
    policy: {
      version: policy.version,
      hash: policy.hash,
      setAt: policy.setAt,
      setBy: policy.setBy,
      isDefault: policy.isDefault,
      ...policy.policy,
    },
    summary: {
      bundles: bundles.length,
      verdicts: count(bundles.map((b) => b.verdict)),
      artifacts: artifacts.length,
      statuses: count(artifacts.map((a) => a.status)),
      classifications: count(artifacts.filter((a) => a.classification !== null).map((a) => a.classification as string)),
      grants: count(grants.map((g) => g.state)),
      accessEvents: events.length,
      accessOutcomes: count(events.map((e) => e.outcome)),
    },
    bundles: bundles.map((b) => ({
      bundleDigest: b.digest,
      name: b.name,
      verdict: b.verdict,
      policyVersion: b.policyVersion,
      evaluatedAt: b.evaluatedAt,
      artifacts: (byBundle.get(b.digest) ?? []).map(
        ({ bundleDigest: _d, bundleName: _n, bundleVerdict: _v, ...rest }) => rest,
      ),
    })),
    grants,
    accessEvents: events,
  };
}

export const CSV_COLUMNS = [
  'bundle_digest',
  'bundle_name',
  'bundle_verdict',
  'path',
  'role',
  'license',
  'status',
  'reason',
  'suggestion',
  'flags',
  'classification',
  'sha256',
  'active_grants',
  'last_access',
] as const;

/** One row per artifact across every bundle: the table of the Licenses & Access screen. */
export function complianceReportCsv(db: ReadApi, now: Date): string {
  let out = csvRow(CSV_COLUMNS);
  for (const a of allArtifacts(db, now)) {
    out += csvRow([
      a.bundleDigest,
      a.bundleName,
      a.bundleVerdict,
      a.path,
      a.role,
      a.expression,
      a.status,
      a.reason,
      a.suggestion,
      a.flags.join(' '),
      a.classification,
      a.sha256,
      a.activeGrants,
      a.lastAccess,
    ]);
  }
  return out;
}

export function complianceReport(
  db: ReadApi,
  format: 'json' | 'csv',
  now: Date,
): { fileName: string; mediaType: string; text: string } {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  if (format === 'csv')
    return { fileName: `compliance-report-${stamp}.csv`, mediaType: 'text/csv', text: complianceReportCsv(db, now) };
  return {
    fileName: `compliance-report-${stamp}.json`,
    mediaType: 'application/json',
    text: `${JSON.stringify(complianceReportJson(db, now), null, 2)}\n`,
  };
}
