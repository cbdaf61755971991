import type { ReplicationState } from '../../common/schemas/dashboard';
import { approvalState } from '../governance/approval-rules';
import { approvalContext, type ApprovalContext } from '../governance/approval-inputs';
import type { ReadApi } from '../store/store';
import { hasTable } from '../store/has-table';

/**
 * The bundles a holding decision has settled, approved or rejected under the current policy and team. The
 * store's decisions are replayed once (approvalContext), so the cost follows the number of decisions.
 */
export function decidedStates(db: ReadApi, context?: ApprovalContext): Record<string, 'approved' | 'rejected'> {
  if (!context && !hasTable(db, 'approvals')) return {};
  context ??= approvalContext(db);
  const decided: Record<string, 'approved' | 'rejected'> = {};
  for (const [digest, decisions] of context.decisions) {
    const settled = context.settled.get(digest);
    const state = approvalState({ ...context, decisions, signer: context.signers.get(digest) ?? null, settled: settled ? { state: 'approved', at: settled.at } : null });
    if (state === 'approved' || state === 'rejected') decided[digest] = state;
  }
  return decided;
}

/**
 * SQL pieces that give each row of `bundles` its replication state. The settled bundles travel as two JSON
 * parameters (approved, rejected); their `IN` lists are built once per query, not per row, so listing,
 * filtering and counting stay single queries over any number of bundles.
 */
export function replicationStateSql(db: ReadApi, decided: Record<string, 'approved' | 'rejected'> = decidedStates(db)): { state: string; params: string[] } {
  // Before replays were stored (schema < 3) every bundle is pending.
  if (!hasTable(db, 'replays')) return { state: "'pending'", params: [] };
  const approved = Object.keys(decided).filter((d) => decided[d] === 'approved');
  const rejected = Object.keys(decided).filter((d) => decided[d] === 'rejected');
  const latestVerdict = 'SELECT r.verdict FROM replays r WHERE r.digest = bundles.digest ORDER BY r.started_at DESC, r.rowid DESC LIMIT 1';
  return {
    state: `CASE WHEN bundles.digest IN (SELECT value FROM json_each(?)) THEN 'approved' WHEN bundles.digest IN (SELECT value FROM json_each(?)) THEN 'rejected'
      ELSE CASE (${latestVerdict}) WHEN 'reproduced' THEN 'reproduced' WHEN 'not-reproduced' THEN 'not-reproduced' WHEN 'failed' THEN 'not-reproduced' ELSE 'pending' END END`,
    params: [JSON.stringify(approved), JSON.stringify(rejected)],
  };
}

export function replicationCounts(db: ReadApi, decided: Record<string, 'approved' | 'rejected'> = decidedStates(db)): Record<ReplicationState, number> {
  const sql = replicationStateSql(db, decided);
  const counts: Record<ReplicationState, number> = { pending: 0, reproduced: 0, 'not-reproduced': 0, approved: 0, rejected: 0 };
  const rows = db.all<{ replication_state: ReplicationState; n: number }>(`SELECT ${sql.state} AS replication_state, COUNT(*) AS n FROM bundles GROUP BY replication_state`, sql.params);
  for (const r of rows) counts[r.replication_state] = r.n;
  return counts;
}
