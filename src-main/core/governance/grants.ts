import { randomUUID } from 'node:crypto';
import { CodedError } from '../../common/result';
import type { Grant, GrantRequest } from '../../common/schemas/licenses';
import { appendAudit } from '../audit/audit-log';
import type { ReadApi, SqlValue, Store, Tx } from '../store/store';

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

const COLUMNS = 'id, grantee, dataset_sha256, dataset_path, bundle_digest, agreement, granted_at, granted_by, expires_at, revoked_at, revoked_by, revoke_reason';
const SHA256 = /^[0-9a-f]{64}$/;

export function grantState(row: Pick<GrantRow, 'revoked_at' | 'expires_at'>, now: Date): Grant['state'] {
  if (row.revoked_at) return 'revoked';
  return row.expires_at !== null && row.expires_at <= now.toISOString() ? 'expired' : 'active';
}

function toGrant(row: GrantRow, now: Date): Grant {
  return {
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
    state: grantState(row, now),
  };
}

/** The store's clock: reads that depend on time use the same source as the entries it writes. */
export function storeNow(store: Store): Date {
  return store.readOnly ? new Date() : store.transaction((tx) => tx.now());
}

export function listGrants(db: ReadApi, now: Date, filter: { state?: Grant['state']; sha256?: string } = {}): Grant[] {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (filter.sha256) {
    where.push('dataset_sha256 = ?');
    params.push(filter.sha256);
  }
  const rows = db.all<GrantRow>(`SELECT ${COLUMNS} FROM access_grants ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY granted_at DESC, id`, params);
  const grants = rows.map((r) => toGrant(r, now));
  return filter.state ? grants.filter((g) => g.state === filter.state) : grants;
}

export function getGrant(db: ReadApi, id: string, now: Date): Grant {
  const row = db.get<GrantRow>(`SELECT ${COLUMNS} FROM access_grants WHERE id = ?`, [id]);
  if (!row) throw new CodedError('not-found', `no access grant with id ${id}`);
  return toGrant(row, now);
}

/** A data set named by its SHA-256 or its path (relative to data/), optionally within one bundle. */
export function resolveDataset(db: ReadApi, dataset: string, bundle?: string): { sha256: string | null; path: string } {
  const scope = bundle ? ' AND digest = ?' : '';
  const extra = bundle ? [bundle] : [];
  if (bundle && !db.get('SELECT 1 AS x FROM bundles WHERE digest = ?', [bundle])) throw new CodedError('not-found', `no bundle with digest ${bundle} in this store`);
  if (SHA256.test(dataset)) {
    const row = db.get<{ path: string }>(`SELECT path FROM license_artifacts WHERE sha256 = ? AND classification IS NOT NULL${scope} ORDER BY digest LIMIT 1`, [dataset, ...extra]);
    if (!row) throw new CodedError('not-found', `no data file with SHA-256 ${dataset} in ${bundle ? 'that bundle' : 'this store'}`);
    return { sha256: dataset, path: row.path };
  }
  const candidates = [dataset, dataset.replace(/^\.?\/?data\//, '')];
  for (const p of candidates) {
    const rows = db.all<{ sha256: string | null }>(`SELECT DISTINCT sha256 FROM license_artifacts WHERE path = ? AND classification IS NOT NULL${scope}`, [p, ...extra]);
    if (rows.length > 1) throw new CodedError('conflict', `${p} names ${rows.length} different files across bundles; give the bundle or the file's SHA-256`);
    const only = rows[0];
    if (only) {
      if (only.sha256 === null && !bundle) throw new CodedError('invalid-request', `${p} is a data set without a file in the bundle; name the bundle too`);
      return { sha256: only.sha256, path: p };
    }
  }
  throw new CodedError('not-found', `no data set ${dataset} in ${bundle ? 'that bundle' : 'this store'}`);
}

/** Adds a grant (audited). Times are normalised to ISO UTC; an expiry in the past is refused. */
export function addGrant(store: Store, request: GrantRequest, actor: string): Grant {
  const id = `grant-${randomUUID()}`;
  return store.transaction((tx) => {
    const now = tx.now();
    const dataset = resolveDataset(tx, request.dataset, request.bundle);
    let expiresAt: string | null = null;
    if (request.expiresAt !== undefined) {
      const when = new Date(request.expiresAt);
      if (Number.isNaN(when.getTime())) throw new CodedError('invalid-request', `expiry ${JSON.stringify(request.expiresAt)} is not an ISO-8601 time`);
      if (when <= now) throw new CodedError('invalid-request', `expiry ${when.toISOString()} is not in the future`);
      expiresAt = when.toISOString();
    }
    tx.run(
      `INSERT INTO access_grants (id, grantee, dataset_sha256, dataset_path, bundle_digest, agreement, granted_at, granted_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, request.grantee, dataset.sha256, dataset.path, request.bundle ?? null, request.agreement, now.toISOString(), actor, expiresAt],
    );
    appendAudit(tx, {
      actor,
      action: 'access.grant',
      subject: id,
      details: { grantee: request.grantee, dataset: dataset.path, sha256: dataset.sha256, bundle: request.bundle ?? null, agreement: request.agreement, expiresAt },
    });
    return getGrant(tx, id, now);
  });
}

export function revokeGrant(store: Store, id: string, reason: string, actor: string): Grant {
  const why = reason.trim();
  if (!why) throw new CodedError('invalid-request', 'a revocation needs a reason');
  return store.transaction((tx) => {
    const now = tx.now();
    const grant = getGrant(tx, id, now);
    if (grant.state === 'revoked') throw new CodedError('conflict', `grant ${id} was already revoked on ${grant.revokedAt}`);
    tx.run('UPDATE access_grants SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE id = ?', [now.toISOString(), actor, why, id]);
    appendAudit(tx, { actor, action: 'access.revoke', subject: id, details: { grantee: grant.grantee, dataset: grant.datasetPath, sha256: grant.datasetSha256, reason: why, wasState: grant.state } });
    return getGrant(tx, id, now);
  });
}

/** Marks grants whose time ran out as expired, one audit entry each, so the log says when access ended. */
export function sweepExpiredGrants(tx: Tx, actor: string): number {
  const now = tx.now().toISOString();
  const rows = tx.all<GrantRow>(`SELECT ${COLUMNS} FROM access_grants WHERE revoked_at IS NULL AND expired_at IS NULL AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at, id`, [now]);
  for (const row of rows) {
    tx.run('UPDATE access_grants SET expired_at = ? WHERE id = ?', [now, row.id]);
    appendAudit(tx, { actor, action: 'access.grant-expired', subject: row.id, details: { grantee: row.grantee, dataset: row.dataset_path, sha256: row.dataset_sha256, expiresAt: row.expires_at } });
  }
  return rows.length;
}

/** The grant that lets `actor` use a data set of bundle `digest` now, if any (grantee compared without case). */
export function activeGrantFor(db: ReadApi, actor: string, dataset: { sha256: string | null; path: string }, digest: string, now: Date): Grant | null {
  const row = db.get<GrantRow>(
    `SELECT ${COLUMNS} FROM access_grants
     WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) AND lower(grantee) = lower(?)
       AND (bundle_digest IS NULL OR bundle_digest = ?)
       AND ((dataset_sha256 IS NOT NULL AND dataset_sha256 = ?) OR (dataset_sha256 IS NULL AND dataset_path = ? AND bundle_digest = ?))
     ORDER BY expires_at IS NULL DESC, expires_at DESC LIMIT 1`,
    [now.toISOString(), actor.trim(), digest, dataset.sha256, dataset.path, digest],
  );
  return row ? toGrant(row, now) : null;
}
