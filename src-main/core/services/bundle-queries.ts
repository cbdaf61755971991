import type { BundleDetail, BundleSummary } from '../../common/schemas/bundle';
import type { ParsedRequestOf } from '../../common/contract';
import { CodedError } from '../../common/result';
import type { ReadApi } from '../store/store';
import { replicationStateSql } from '../dashboard/replication-states';
import { hasTable } from '../store/has-table';
import { allAuthorshipFacts } from '../governance/authorship-store';
import { authorshipKeys } from '../governance/signature-trust';
import { metadataRefusals } from '../bundle/crate/metadata-refusal';
import { authorshipReport } from '../governance/authorship-report';
import type { TrustedKey } from '../governance/team-file';
import type { AuthorshipFacts } from '../governance/authorship';

interface BundleRow {
  digest: string;
  name: string;
  author: string | null;
  imported_at: string;
  status: BundleSummary['status'];
  completeness: BundleSummary['completeness'];
  files: number;
  bytes: number;
  license_verdict: BundleSummary['licenseVerdict'];
  replication?: BundleSummary['replication'];
}

// A read-only open of a store written by an older build (schema < 4) has no evaluations to show.
const licenseVerdict = (db: ReadApi) =>
  hasTable(db, 'bundle_licenses')
    ? '(SELECT l.verdict FROM bundle_licenses l WHERE l.digest = bundles.digest) AS license_verdict'
    : 'NULL AS license_verdict';

// A bundle whose metadata was refused reads as such wherever its status is shown.
const statusColumn = "CASE WHEN metadata_state = 'refused' THEN 'refused-metadata' ELSE status END AS status";

// Column names are fixed here, never taken from the request, so the ORDER BY cannot be injected.
const sortColumns = { importedAt: 'imported_at', name: 'name COLLATE NOCASE', author: 'author COLLATE NOCASE', status: 'status', completeness: 'completeness' } as const;

export type ListRequest = ParsedRequestOf<'bundles:list'>;

export function listBundles(db: ReadApi, request: ListRequest): { total: number; bundles: BundleSummary[] } {
  const where: string[] = [];
  const state = replicationStateSql(db);
  const params: (string | number)[] = [];
  if (request.state) {
    where.push(`${state.state} = ?`);
    params.push(...state.params, request.state);
  }
  const query = request.query?.trim();
  if (query) {
    const like = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push("(name LIKE ? ESCAPE '\\' OR author LIKE ? ESCAPE '\\' OR digest LIKE ? ESCAPE '\\' OR source_name LIKE ? ESCAPE '\\')");
    params.push(like, like, like, like);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM bundles ${clause}`, params)?.n ?? 0;
  const order = `${sortColumns[request.sort]} ${request.direction === 'asc' ? 'ASC' : 'DESC'}, digest ASC`;
  // The state column's parameters come first: it is the first placeholder in the statement.
  const rows = db.all<BundleRow>(
    `SELECT digest, name, author, imported_at, ${statusColumn}, completeness, files, bytes, ${licenseVerdict(db)}, ${state.state} AS replication
     FROM bundles ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`,
    [...state.params, ...params, request.limit, request.offset],
  );
  const keys = authorshipKeys(db);
  const facts = allAuthorshipFacts(db, rows.map((r) => r.digest));
  return { total, bundles: rows.map((r) => toSummary(r, facts.get(r.digest) ?? null, keys)) };
}

export function getBundle(db: ReadApi, digest: string): BundleDetail {
  const row = db.get<BundleRow & { verification_json: string; metadata_json: string }>(
    `SELECT digest, name, author, imported_at, ${statusColumn}, completeness, files, bytes, ${licenseVerdict(db)}, verification_json, metadata_json FROM bundles WHERE digest = ?`,
    [digest],
  );
  if (!row) throw new CodedError('not-found', `no bundle with digest ${digest} in this store`);
  const metadata = JSON.parse(row.metadata_json) as BundleDetail['metadata'];
  const keys = authorshipKeys(db);
  const facts = allAuthorshipFacts(db, [digest]).get(digest) ?? null;
  return {
    summary: toSummary(row, facts, keys),
    verification: JSON.parse(row.verification_json),
    metadata,
    authorship: authorshipReport(facts, keys, metadata.author),
    refusals: row.status === 'refused-metadata' ? metadataRefusals(metadata.problems) : [],
  };
}

/** Finds a stored bundle by a digest prefix (at least 8 hex characters), as users type them from the UI. */
export function resolveDigest(db: ReadApi, prefix: string): string | null {
  if (!/^[0-9a-f]{8,64}$/.test(prefix)) return null;
  const rows = db.all<{ digest: string }>('SELECT digest FROM bundles WHERE digest LIKE ? LIMIT 2', [`${prefix}%`]);
  if (rows.length > 1) throw new CodedError('conflict', `digest prefix ${prefix} names more than one bundle; give more characters`);
  return rows[0]?.digest ?? null;
}

function toSummary(row: BundleRow, facts: AuthorshipFacts | null, keys: TrustedKey[]): BundleSummary {
  const authorship = authorshipReport(facts, keys);
  return {
    bundleDigest: row.digest,
    name: row.name,
    author: row.author,
    importedAt: row.imported_at,
    status: row.status,
    completeness: row.completeness,
    files: row.files,
    bytes: row.bytes,
    licenseVerdict: row.license_verdict ?? null,
    ...(row.replication ? { replication: row.replication } : {}),
    authorship: { status: authorship.status, signer: authorship.signer, claimed: authorship.claimed },
  };
}
