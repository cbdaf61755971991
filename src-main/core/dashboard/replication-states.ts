import type { ReplicationState } from '../../common/schemas/dashboard';
import { approvalState } from '../governance/approval-rules';
import { approvalContext, bundleFacts, lastApprovedOfPipeline, modulesOf, type ApprovalContext } from '../governance/approval-inputs';
import type { ReadApi } from '../store/store';

/**
 * The bundles a holding decision has settled, approved or rejected under the current policy and team. Only
 * bundles with decisions are read in full, so the cost follows the number of decisions, not of bundles.
 */
export function decidedStates(db: ReadApi, context: ApprovalContext = approvalContext(db)): Record<string, 'approved' | 'rejected'> {
  const decided: Record<string, 'approved' | 'rejected'> = {};
  const quorum = context.team?.quorum ?? 1;
  for (const [digest, decisions] of context.decisions) {
    let facts;
    try {
      facts = bundleFacts(db, digest);
    } catch {
      continue; // a decision about a bundle this store does not hold settles nothing here
    }
    const state = approvalState(
      {
        decisions,
        policyHash: context.policyHash,
        team: context.team,
        keys: context.keys,
        previous: lastApprovedOfPipeline(facts, context),
        bundle: { digest, status: facts.status, authorEmail: facts.metadata.author?.email ?? null, modules: modulesOf(facts.metadata) },
        moduleOwners: context.moduleOwners,
      },
      quorum,
    );
    if (state === 'approved' || state === 'rejected') decided[digest] = state;
  }
  return decided;
}

/**
 * SQL pieces that give each row of `bundles` its replication state. The decided map travels as one JSON
 * parameter (bound first), so listing, filtering and counting stay single queries over any number of bundles.
 */
export function replicationStateSql(decided: Record<string, 'approved' | 'rejected'>): { with: string; join: string; state: string; params: string[] } {
  const latestVerdict = 'SELECT r.verdict FROM replays r WHERE r.digest = bundles.digest ORDER BY r.started_at DESC, r.rowid DESC LIMIT 1';
  return {
    with: 'WITH decided(digest, decided_state) AS (SELECT key, value FROM json_each(?))',
    join: 'LEFT JOIN decided ON decided.digest = bundles.digest',
    state: `COALESCE(decided.decided_state, CASE (${latestVerdict}) WHEN 'reproduced' THEN 'reproduced' WHEN 'not-reproduced' THEN 'not-reproduced' WHEN 'failed' THEN 'not-reproduced' ELSE 'pending' END)`,
    params: [JSON.stringify(decided)],
  };
}

export function replicationCounts(db: ReadApi, decided: Record<string, 'approved' | 'rejected'> = decidedStates(db)): Record<ReplicationState, number> {
  const sql = replicationStateSql(decided);
  const counts: Record<ReplicationState, number> = { pending: 0, reproduced: 0, 'not-reproduced': 0, approved: 0, rejected: 0 };
  const rows = db.all<{ replication_state: ReplicationState; n: number }>(`${sql.with} SELECT ${sql.state} AS replication_state, COUNT(*) AS n FROM bundles ${sql.join} GROUP BY replication_state`, sql.params);
  for (const r of rows) counts[r.replication_state] = r.n;
  return counts;
}
