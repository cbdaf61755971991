import type { BundleStatus, IntegrityState } from '../../src-main/common/schemas/bundle';
import { integrityOf, integrityWords, toneBadgeClass } from './states';

export type { BundleStatus };

/**
 * A bundle's integrity in the shared vocabulary: Verified, Verified with problems, or Refused (the core's
 * classification, `integrity`, when the summary carries it). Always spelled out; the colour only repeats it.
 */
export function StatusBadge({ status, integrity }: { status: BundleStatus; integrity?: IntegrityState }) {
  const state = integrityOf({ status, integrity });
  const w = integrityWords[state];
  return (
    <span className={`${toneBadgeClass(w.tone)} badge-integrity-${state}`} title={w.meaning} data-state={state}>
      <span className="badge-icon" aria-hidden="true">
        {w.icon}
      </span>
      {w.label}
    </span>
  );
}
