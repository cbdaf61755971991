import type { ReplicationState } from '../../../src-main/common/schemas/bundle';

export type { ReplicationState };

/** In the order a replication moves through them; the dashboard's chart and the bundle list's filter follow it. */
export const replicationStates: readonly ReplicationState[] = ['pending', 'reproduced', 'not-reproduced', 'approved', 'rejected'];

export const replicationLabel: Record<ReplicationState, string> = {
  pending: 'Pending',
  reproduced: 'Reproduced',
  'not-reproduced': 'Not reproduced',
  approved: 'Approved',
  rejected: 'Rejected',
};

/** What each state asks of the reader, for the chart's tooltip and the list's filter notice. */
export const replicationMeaning: Record<ReplicationState, string> = {
  pending: 'not replayed yet',
  reproduced: 'the latest replay reproduced the reported metrics; no decision yet',
  'not-reproduced': 'the latest replay did not reproduce them, or failed; no decision yet',
  approved: 'approved under the current policy and team',
  rejected: 'rejected by a reviewer under the current policy',
};
