import type { ReplicationState } from '../../src-main/common/schemas/bundle';
import { replicationLabel, replicationMeaning } from '../features/dashboard/replication-labels';

const ICONS: Record<ReplicationState, string> = { pending: '…', reproduced: '↻', 'not-reproduced': '✕', approved: '✓', rejected: '⊘' };

/** Where a bundle's replication stands, spelled out; the colour only repeats it. */
export function ReplicationBadge({ state }: { state: ReplicationState }) {
  return (
    <span className={`badge badge-replication-${state}`} title={`${replicationLabel[state]}: ${replicationMeaning[state]}`}>
      <span className="badge-icon" aria-hidden="true">
        {ICONS[state]}
      </span>
      {replicationLabel[state]}
    </span>
  );
}
