import { replicationStateSchema, type ReplicationState } from '../../../src-main/common/schemas/bundle';

import { replicationWords } from '../../components/states';

export type { ReplicationState };

/**
 * In the order a replication moves through them (the schema lists them so); the dashboard's chart and the bundle
 * list's filter follow it.
 */
export const replicationStates: readonly ReplicationState[] = replicationStateSchema.options;

// Labels and meanings from the shared state vocabulary (components/states.ts), so the chart, the list and the badges
// agree.
export const replicationLabel = Object.fromEntries(
  replicationStates.map((s) => [s, replicationWords[s].label]),
) as Record<ReplicationState, string>;

/** What each state asks of the reader, for the chart's tooltip and the list's filter notice. */
export const replicationMeaning = Object.fromEntries(
  replicationStates.map((s) => [s, replicationWords[s].meaning]),
) as Record<ReplicationState, string>;
