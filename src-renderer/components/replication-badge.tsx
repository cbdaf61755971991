import type { ReplicationState } from '../../src-main/common/schemas/bundle';
import { replicationWords, toneBadgeClass } from './states';

/** Where a bundle's replication stands, in the shared vocabulary; the colour only repeats it. */
export function ReplicationBadge({ state }: { state: ReplicationState }) {
  const w = replicationWords[state];
  return (
    <span
      className={`${toneBadgeClass(w.tone)} badge-replication-${state}`}
      title={`${w.label}: ${w.meaning}`}
      data-state={state}
    >
      <span className="badge-icon" aria-hidden="true">
        {w.icon}
      </span>
      {w.label}
    </span>
  );
}
