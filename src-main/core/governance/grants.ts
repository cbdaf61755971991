import { randomUUID } from 'node:crypto';
import { CodedError } from '../../common/result';
import type { Grant, GrantRequest } from '../../common/schemas/licenses';
import { appendAudit } from '../audit/audit-log';
import {
  activeGrant,
  grantById,
  grants as storedGrants,
  grantsRunOut,
  insertGrant,
  markGrantExpired,
  markGrantRevoked,
  type StoredGrant,
} from '../store/repos/access-repo';
import { bundleExists } from '../store/repos/bundles-repo';
import { dataPathBySha256, dataSha256sByPath } from '../store/repos/licenses-repo';
import type { ReadApi, Store, Tx } from '../store/store';

const SHA256 = /^[0-9a-f]{64}$/;

export function grantState(row: { revokedAt: string | null; expiresAt: string | null }, now: Date): Grant['state'] {
  if (row.revokedAt) return 'revoked';
  return row.expiresAt !== null && row.expiresAt <= now.toISOString() ? 'expired' : 'active';
}

const toGrant = (g: StoredGrant, now: Date): Grant => ({ ...g, state: grantState(g, now) });

/** The store's clock: reads that depend on time use the same source as the entries it writes. */
export function storeNow(store: Store): Date {
  return store.now();
}

export function listGrants(db: ReadApi, now: Date, filter: { state?: Grant['state']; sha256?: string } = {}): Grant[] {
  const all = storedGrants(db, filter.sha256 ? { sha256: filter.sha256 } : {}).map((g) => toGrant(g, now));
  return filter.state ? all.filter((g) => g.state === filter.state) : all;
}

export function getGrant(db: ReadApi, id: string, now: Date): Grant {
  const grant = grantById(db, id);
  if (!grant) throw new CodedError('not-found', `no access grant with id ${id}`);
  return toGrant(grant, now);
}

/** A data set named by its SHA-256 or its path (relative to data/), optionally within one bundle. */
export function resolveDataset(db: ReadApi, dataset: string, bundle?: string): { sha256: string | null; path: string } {
  if (bundle && !bundleExists(db, bundle))
    throw new CodedError('not-found', `no bundle with digest ${bundle} in this store`);
  if (SHA256.test(dataset)) {
    const path = dataPathBySha256(db, dataset, bundle);
    if (path === null)
      throw new CodedError(
        'not-found',
        `no data file with SHA-256 ${dataset} in ${bundle ? 'that bundle' : 'this store'}`,
      );
    return { sha256: dataset, path };
  }
  const candidates = [dataset, dataset.replace(/^\.?\/?data\//, '')];
  for (const p of candidates) {
    const hashes = dataSha256sByPath(db, p, bundle);
    if (hashes.length > 1)
      throw new CodedError(
        'conflict',
        `${p} names ${hashes.length} different files across bundles; give the bundle or the file's SHA-256`,
      );
    if (hashes.length === 1) {
      const sha256 = hashes[0]!;
      if (sha256 === null && !bundle)
        throw new CodedError('invalid-request', `${p} is a data set without a file in the bundle; name the bundle too`);
      return { sha256, path: p };
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
      if (Number.isNaN(when.getTime()))
        throw new CodedError('invalid-request', `expiry ${JSON.stringify(request.expiresAt)} is not an ISO-8601 time`);
      if (when <= now) throw new CodedError('invalid-request', `expiry ${when.toISOString()} is not in the future`);
      expiresAt = when.toISOString();
    }
    insertGrant(tx, {
      id,
      grantee: request.grantee,
      datasetSha256: dataset.sha256,
      datasetPath: dataset.path,
      bundleDigest: request.bundle ?? null,
      agreement: request.agreement,
      grantedBy: actor,
      expiresAt,
    });
    appendAudit(tx, {
      actor,
      action: 'access.grant',
      subject: id,
      details: {
        grantee: request.grantee,
        dataset: dataset.path,
        sha256: dataset.sha256,
        bundle: request.bundle ?? null,
        agreement: request.agreement,
        expiresAt,
      },
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
    if (grant.state === 'revoked')
      throw new CodedError('conflict', `grant ${id} was already revoked on ${grant.revokedAt}`);
    markGrantRevoked(tx, id, actor, why);
    appendAudit(tx, {
      actor,
      action: 'access.revoke',
      subject: id,
      details: {
        grantee: grant.grantee,
        dataset: grant.datasetPath,
        sha256: grant.datasetSha256,
        reason: why,
        wasState: grant.state,
      },
    });
    return getGrant(tx, id, now);
  });
}

/** Marks grants whose time ran out as expired, one audit entry each, so the log says when access ended. */
export function sweepExpiredGrants(tx: Tx, actor: string): number {
  const now = tx.now().toISOString();
  const due = grantsRunOut(tx, now);
  for (const g of due) {
    markGrantExpired(tx, g.id, now);
    appendAudit(tx, {
      actor,
      action: 'access.grant-expired',
      subject: g.id,
      details: { grantee: g.grantee, dataset: g.datasetPath, sha256: g.datasetSha256, expiresAt: g.expiresAt },
    });
  }
  return due.length;
}

/** The grant that lets `actor` use a data set of bundle `digest` now, if any (grantee compared without case). */
export function activeGrantFor(
  db: ReadApi,
  actor: string,
  dataset: { sha256: string | null; path: string },
  digest: string,
  now: Date,
): Grant | null {
  const grant = activeGrant(db, actor.trim(), dataset, digest, now);
  return grant ? toGrant(grant, now) : null;
}
