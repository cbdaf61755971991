import { CodedError } from '../../common/result';
import type { AccessClass, BundleMetadata } from '../../common/schemas/bundle';
import type { AccessPurpose } from '../../common/schemas/licenses';
import { appendAudit } from '../audit/audit-log';
import { insertAccessEvent } from '../store/repos/access-repo';
import { bundleMetadata } from '../store/repos/bundles-repo';
import type { Store } from '../store/store';
import { activeGrantFor, sweepExpiredGrants } from './grants';

/** Classes whose use needs a valid grant (or an audited override). */
export const GUARDED: ReadonlySet<AccessClass> = new Set(['restricted', 'confidential']);

export interface DataItem {
  path: string;
  sha256: string | null;
  classification: AccessClass;
}

export interface DataAccessItem extends DataItem {
  outcome: 'allowed' | 'granted' | 'override' | 'refused';
  grantId: string | null;
  reason: string;
}

export interface DataAccessDecision {
  allowed: boolean;
  /** One sentence: why it was refused, or on what terms it was allowed. */
  reason: string;
  items: DataAccessItem[];
  auditSeq: number | null;
}

export interface DataAccessRequest {
  actor: string;
  digest: string;
  purpose: AccessPurpose;
  /** Use guarded data without a grant; the reason is audited. */
  override?: string;
  /** Limit the check to these payload paths (e.g. the files being opened); default: every data item. */
  paths?: string[];
  /**
   * The bundle's metadata when it is a file not in the store (e.g. `provdesk replay run.zip`); default: the stored
   * bundle's.
   */
  metadata?: BundleMetadata;
}

const rank: Record<AccessClass, number> = { public: 0, internal: 1, unclassified: 2, restricted: 3, confidential: 4 };

/**
 * The data a bundle holds: files with role data, any file classified restricted or confidential, and
 * declared data sets that are not payload files. A data set that is a file takes the stricter class.
 */
export function bundleDataItems(meta: BundleMetadata): DataItem[] {
  const datasets = new Map(meta.datasets.map((d) => [d.id, d]));
  const out: DataItem[] = [];
  for (const f of meta.files) {
    const d = datasets.get(f.path);
    if (f.role !== 'data' && !d && !GUARDED.has(f.access)) continue;
    const classification = d && rank[d.access] > rank[f.access] ? d.access : f.access;
    out.push({ path: f.path, sha256: f.sha256 ?? d?.sha256 ?? null, classification });
  }
  const files = new Set(meta.files.map((f) => f.path));
  for (const d of meta.datasets)
    if (!files.has(d.id)) out.push({ path: d.id, sha256: d.sha256, classification: d.access });
  return out;
}

/**
 * Decides whether `actor` may use a stored bundle's data for `purpose`, and records the decision:
 * one access event per data item and one audit entry, in one transaction. Restricted and confidential
 * data need an active grant for the actor, else an override reason; without either the use is refused
 * (the refusal is recorded too). Grants whose time ran out are marked expired first (audited).
 */
export function checkDataAccess(store: Store, request: DataAccessRequest): DataAccessDecision {
  const override = request.override?.trim() || null;
  if (request.override !== undefined && !override)
    throw new CodedError('invalid-request', 'an override needs a reason');
  return store.transaction((tx) => {
    sweepExpiredGrants(tx, request.actor);
    let meta = request.metadata;
    if (!meta) {
      const stored = bundleMetadata(tx, request.digest);
      if (!stored) throw new CodedError('not-found', `no bundle with digest ${request.digest} in this store`);
      meta = stored;
    }
    const now = tx.now();
    let data = bundleDataItems(meta);
    if (request.paths) {
      const wanted = new Set(request.paths);
      data = data.filter((d) => wanted.has(d.path));
    }
    const guardedNoGrant: DataAccessItem[] = [];
    const items = data.map((d): DataAccessItem => {
      if (!GUARDED.has(d.classification))
        return { ...d, outcome: 'allowed', grantId: null, reason: `${d.classification} data needs no grant` };
      const grant = activeGrantFor(tx, request.actor, d, request.digest, now);
      if (grant)
        return {
          ...d,
          outcome: 'granted',
          grantId: grant.id,
          reason: `grant ${grant.id} (${grant.agreement}${grant.expiresAt ? `, until ${grant.expiresAt}` : ''})`,
        };
      const item: DataAccessItem = {
        ...d,
        outcome: override ? 'override' : 'refused',
        grantId: null,
        reason: `${d.classification} data and ${request.actor} holds no valid grant for it`,
      };
      guardedNoGrant.push(item);
      return item;
    });
    if (items.length === 0) return { allowed: true, reason: 'the bundle holds no data sets', items, auditSeq: null };

    const allowed = guardedNoGrant.length === 0 || override !== null;
    const names = guardedNoGrant.map((i) => `${i.path} (${i.classification})`).join(', ');
    const reason =
      guardedNoGrant.length === 0
        ? `allowed: ${items.some((i) => i.outcome === 'granted') ? 'every restricted or confidential data set is covered by a grant' : 'no restricted or confidential data'}`
        : override
          ? `allowed by override (${override}) without a grant for ${names}`
          : `refused: ${request.actor} holds no valid grant for ${names}; ask for a grant, or give an override reason (audited)`;
    const entry = appendAudit(tx, {
      actor: request.actor,
      action: allowed
        ? override && guardedNoGrant.length
          ? 'access.override'
          : `access.${request.purpose}`
        : 'access.refused',
      subject: request.digest,
      details: {
        purpose: request.purpose,
        outcome: allowed ? 'allowed' : 'refused',
        ...(override && guardedNoGrant.length ? { overrideReason: override } : {}),
        datasets: items.slice(0, 200).map((i) => ({
          path: i.path,
          sha256: i.sha256,
          classification: i.classification,
          outcome: i.outcome,
          grant: i.grantId,
        })),
      },
    });
    const time = now.toISOString();
    // A refused use touched nothing: only the data that caused the refusal is recorded.
    for (const i of allowed ? items : guardedNoGrant) {
      insertAccessEvent(tx, {
        time,
        actor: request.actor,
        digest: request.digest,
        datasetPath: i.path,
        datasetSha256: i.sha256,
        classification: i.classification,
        purpose: request.purpose,
        outcome: i.outcome,
        grantId: i.grantId,
        reason: i.reason,
        overrideReason: i.outcome === 'override' ? override : null,
        auditSeq: entry.seq,
      });
    }
    return { allowed, reason, items, auditSeq: entry.seq };
  });
}

/** checkDataAccess, then a thrown `refused` error (CLI exit 1) when the use is not allowed. */
export function requireDataAccess(store: Store, request: DataAccessRequest): DataAccessDecision {
  const decision = checkDataAccess(store, request);
  if (!decision.allowed) {
    const refused = decision.items
      .filter((i) => i.outcome === 'refused')
      .map((i) => ({ path: i.path, sha256: i.sha256, classification: i.classification }));
    throw new CodedError('refused', `${request.purpose} ${decision.reason}`, { datasets: refused });
  }
  return decision;
}
