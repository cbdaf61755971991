import type { ReplicationState } from '../../common/schemas/dashboard';
import { approvalState } from './approval-rules';
import { approvalContext, type ApprovalContext } from './approval-inputs';
import type { ReadApi } from '../store/store';
import { replicationStateCounts, type DecidedStates } from '../store/repos/dashboard-repo';

/**
 * The bundles a holding decision has settled, approved or rejected under the current policy and team. The
 * store's decisions are replayed once (approvalContext), so the cost follows the number of decisions.
 */
export function decidedStates(db: ReadApi, context: ApprovalContext = approvalContext(db)): DecidedStates {
  const decided: DecidedStates = {};
  for (const [digest, decisions] of context.decisions) {
    const settled = context.settled.get(digest);
    const state = approvalState({
      ...context,
      decisions,
      signer: context.signers.get(digest) ?? null,
      settled: settled ? { state: 'approved', at: settled.at } : null,
    });
    if (state === 'approved' || state === 'rejected') decided[digest] = state;
  }
  return decided;
}

/** Bundles per replication state: a holding decision wins, else the latest replay says, else pending. */
export function replicationCounts(
  db: ReadApi,
  decided: DecidedStates = decidedStates(db),
): Record<ReplicationState, number> {
  return replicationStateCounts(db, decided);
}
