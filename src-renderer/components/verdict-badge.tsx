import type { ReplayVerdictName } from '../../src-main/common/schemas/replay';
import { toneBadgeClass, verdictWords } from './states';

export function verdictText(v: ReplayVerdictName): string {
  return verdictWords[v].label;
}

/** A replay's verdict in the shared vocabulary, spelled out with an icon; the colour only repeats it. */
export function VerdictBadge({ verdict }: { verdict: ReplayVerdictName }) {
  const w = verdictWords[verdict];
  return (
    <span className={`${toneBadgeClass(w.tone)} badge-verdict-${verdict}`} title={w.meaning} data-state={verdict}>
      <span className="badge-icon" aria-hidden="true">
        {w.icon}
      </span>
      {w.label}
    </span>
  );
}
