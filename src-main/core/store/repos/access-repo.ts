import { z } from 'zod';
import { accessEventSchema, grantSchema, type AccessEvent } from '../../../common/schemas/licenses';
import type { ReadApi, Tx } from '../store-api';
import type { SqlValue } from '../sql-params';

/** The access aggregate: grants to data sets (access_grants) and every recorded use of data (access_events). */

/** A grant as stored; its state (active, expired, revoked) depends on the time asked, which the caller gives. */
const storedGrantSchema = grantSchema.omit({ state: true });
export type StoredGrant = z.infer<typeof storedGrantSchema>;

interface GrantRow {
  id: string;
  grantee: string;
  dataset_sha256: string | null;
  dataset_path: string;
  bundle_digest: string | null;
  agreement: string;
  granted_at: string;
  granted_by: string;
  expires_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

const GRANT_COLUMNS =
  'id, grantee, dataset_sha256, dataset_path, bundle_digest, agreement, granted_at, granted_by, expires_at, revoked_at, revoked_by, revoke_reason';

const grantOf = (row: GrantRow): StoredGrant =>
  storedGrantSchema.parse({
    id: row.id,
    grantee: row.grantee,
    datasetSha256: row.dataset_sha256,
    datasetPath: row.dataset_path,
    bundleDigest: row.bundle_digest,
    agreement: row.agreement,
    grantedAt: row.granted_at,
    grantedBy: row.granted_by,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    revokeReason: row.revoke_reason,
  });

/** Grants newest first, optionally of one data file. */
export function grants(db: ReadApi, filter: { sha256?: string } = {}): StoredGrant[] {
  const where = filter.sha256 ? 'WHERE dataset_sha256 = ?' : '';
  return db
    .all<GrantRow>(
      `SELECT ${GRANT_COLUMNS} FROM access_grants ${where} ORDER BY granted_at DESC, id`,
      filter.sha256 ? [filter.sha256] : [],
    )
    .map(grantOf);
}

export function grantById(db: ReadApi, id: string): StoredGrant | null {
  const row = db.get<GrantRow>(`SELECT ${GRANT_COLUMNS} FROM access_grants WHERE id = ?`, [id]);
  return row ? grantOf(row) : null;
}

/** Adds a grant, granted now by the store's clock. */
export function insertGrant(
  tx: Tx,
  g: {
    id: string;
    grantee: string;
    datasetSha256: string | null;
    datasetPath: string;
    bundleDigest: string | null;
    agreement: string;
    grantedBy: string;
    expiresAt: string | null;
  },
): void {
  tx.run(
    'INSERT INTO access_grants (id, grantee, dataset_sha256, dataset_path, bundle_digest, agreement, granted_at, granted_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      g.id,
      g.grantee,
      g.datasetSha256,
      g.datasetPath,
      g.bundleDigest,
      g.agreement,
      tx.now().toISOString(),
      g.grantedBy,
      g.expiresAt,
    ],
  );
}

/** Marks a grant revoked now (the store's clock). */
export function markGrantRevoked(tx: Tx, id: string, by: string, reason: string): void {
  tx.run('UPDATE access_grants SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE id = ?', [
    tx.now().toISOString(),
    by,
    reason,
    id,
  ]);
}

/** Grants whose time ran out by `at` and that are not yet marked expired (nor revoked), soonest first. */
export function grantsRunOut(db: ReadApi, at: string): StoredGrant[] {
  return db
    .all<GrantRow>(
      `SELECT ${GRANT_COLUMNS} FROM access_grants WHERE revoked_at IS NULL AND expired_at IS NULL AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at, id`,
      [at],
    )
    .map(grantOf);
}

export function markGrantExpired(tx: Tx, id: string, at: string): void {
  tx.run('UPDATE access_grants SET expired_at = ? WHERE id = ?', [at, id]);
}

/**
 * The grant that lets `grantee` use a data set of bundle `digest` at `now`, if any (grantee compared without
 * case): one naming the file's hash, or its path in that bundle; the one running longest wins.
 */
export function activeGrant(
  db: ReadApi,
  grantee: string,
  dataset: { sha256: string | null; path: string },
  digest: string,
  now: Date,
): StoredGrant | null {
  const row = db.get<GrantRow>(
    `SELECT ${GRANT_COLUMNS} FROM access_grants
     WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) AND lower(grantee) = lower(?)
       AND (bundle_digest IS NULL OR bundle_digest = ?)
       AND ((dataset_sha256 IS NOT NULL AND dataset_sha256 = ?) OR (dataset_sha256 IS NULL AND dataset_path = ? AND bundle_digest = ?))
     ORDER BY expires_at IS NULL DESC, expires_at DESC LIMIT 1`,
    [now.toISOString(), grantee, digest, dataset.sha256, dataset.path, digest],
  );
  return row ? grantOf(row) : null;
}

export interface NewAccessEvent {
  time: string;
  actor: string;
  digest: string;
  datasetPath: string;
  datasetSha256: string | null;
  classification: string;
  purpose: string;
  outcome: string;
  grantId: string | null;
  reason: string;
  overrideReason: string | null;
  auditSeq: number;
}

export function insertAccessEvent(tx: Tx, e: NewAccessEvent): void {
  tx.run(
    `INSERT INTO access_events (time, actor, digest, dataset_path, dataset_sha256, classification, purpose, outcome, grant_id, reason, override_reason, audit_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      e.time,
      e.actor,
      e.digest,
      e.datasetPath,
      e.datasetSha256,
      e.classification,
      e.purpose,
      e.outcome,
      e.grantId,
      e.reason,
      e.overrideReason,
      e.auditSeq,
    ],
  );
}

export interface AccessEventFilter {
  actor?: string;
  digest?: string;
  purpose?: string;
  outcome?: string;
}

interface EventRow {
  id: number;
  time: string;
  actor: string;
  digest: string;
  name: string | null;
  dataset_path: string;
  dataset_sha256: string | null;
  classification: string;
  purpose: string;
  outcome: string;
  grant_id: string | null;
  reason: string;
  override_reason: string | null;
}

const accessEventsSchema = z.array(accessEventSchema);

/** Access events, newest first, matching every filter given (limit -1: all); `total` counts all matches. */
export function accessEvents(
  db: ReadApi,
  filter: AccessEventFilter,
  page: { offset: number; limit: number },
): { total: number; events: AccessEvent[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  for (const [column, value] of [
    ['e.actor', filter.actor],
    ['e.digest', filter.digest],
    ['e.purpose', filter.purpose],
    ['e.outcome', filter.outcome],
  ] as const) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM access_events e ${clause}`, params)?.n ?? 0;
  const rows = db.all<EventRow>(
    `SELECT e.id, e.time, e.actor, e.digest, b.name, e.dataset_path, e.dataset_sha256, e.classification, e.purpose, e.outcome, e.grant_id, e.reason, e.override_reason
     FROM access_events e LEFT JOIN bundles b ON b.digest = e.digest ${clause} ORDER BY e.id DESC LIMIT ? OFFSET ?`,
    [...params, page.limit, page.offset],
  );
  return {
    total,
    events: accessEventsSchema.parse(
      rows.map((r) => ({
        id: r.id,
        time: r.time,
        actor: r.actor,
        bundleDigest: r.digest,
        bundleName: r.name,
        datasetPath: r.dataset_path,
        datasetSha256: r.dataset_sha256,
        classification: r.classification,
        purpose: r.purpose,
        outcome: r.outcome,
        grantId: r.grant_id,
        reason: r.reason,
        overrideReason: r.override_reason,
      })),
    ),
  };
}
