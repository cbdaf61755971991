import type { z } from 'zod';
import type { AccessEvent, accessEventsRequestSchema } from '../../common/schemas/licenses';
import type { ReadApi, SqlValue } from '../store/store';

export type AccessEventsQuery = z.output<typeof accessEventsRequestSchema>;

interface EventRow {
  id: number;
  time: string;
  actor: string;
  digest: string;
  name: string | null;
  dataset_path: string;
  dataset_sha256: string | null;
  classification: AccessEvent['classification'];
  purpose: AccessEvent['purpose'];
  outcome: AccessEvent['outcome'];
  grant_id: string | null;
  reason: string;
  override_reason: string | null;
}

/** Access events, newest first, matching every filter given; `total` counts all matches. */
export function listAccessEvents(db: ReadApi, q: AccessEventsQuery): { total: number; events: AccessEvent[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  for (const [column, value] of [['e.actor', q.actor], ['e.digest', q.digest], ['e.purpose', q.purpose], ['e.outcome', q.outcome]] as const) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM access_events e ${clause}`, params)?.n ?? 0;
  const rows = db.all<EventRow>(
    `SELECT e.id, e.time, e.actor, e.digest, b.name, e.dataset_path, e.dataset_sha256, e.classification, e.purpose, e.outcome, e.grant_id, e.reason, e.override_reason
     FROM access_events e LEFT JOIN bundles b ON b.digest = e.digest ${clause} ORDER BY e.id DESC LIMIT ? OFFSET ?`,
    [...params, q.limit, q.offset],
  );
  return {
    total,
    events: rows.map((r) => ({
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
  };
}
