import type { ReplicationState } from '../../common/schemas/dashboard';
import { approvalState } from '../governance/approval-rules';
import { approvalContext, lastApprovedOfPipeline, modulesOf, type ApprovalContext } from '../governance/approval-inputs';
import type { BundleMetadata } from '../../common/schemas/bundle';
import type { ReadApi } from '../store/store';
import { hasTable } from '../store/has-table';

/**
 * The bundles a holding decision has settled, approved or rejected under the current policy and team. Only
 * bundles with decisions are read, so the cost follows the number of decisions, not of bundles.
 */
export function decidedStates(db: ReadApi, context?: ApprovalContext): Record<string, 'approved' | 'rejected'> {
  if (!context && !hasTable(db, 'approvals')) return {};
  context ??= approvalContext(db);
  const decided: Record<string, 'approved' | 'rejected'> = {};
  const quorum = context.team?.quorum ?? 1;
  // Only what the state depends on (module versions, pipeline), read in SQL for the decided bundles alone.
  const rows = db.all<{ digest: string; modules: string | null; pipeline: string | null }>(
    `SELECT digest, json_extract(metadata_json, '$.modules') AS modules, json_extract(metadata_json, '$.pipeline.name') AS pipeline
     FROM bundles WHERE digest IN (SELECT DISTINCT digest FROM approvals)`,
  );
  for (const r of rows) {
    const state = approvalState(
      {
        decisions: context.decisions.get(r.digest) ?? [],
        policyHash: context.policyHash,
        team: context.team,
        keys: context.keys,
        previous: lastApprovedOfPipeline(r.digest, r.pipeline, context),
        bundle: { modules: modulesOf({ modules: r.modules ? (JSON.parse(r.modules) as BundleMetadata['modules']) : [] }) },
        moduleOwners: context.moduleOwners,
      },
      quorum,
    );
    if (state === 'approved' || state === 'rejected') decided[r.digest] = state;
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
