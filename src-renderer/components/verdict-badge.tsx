import type { ReplayVerdictName } from '../../src-main/common/schemas/replay';

const LABELS = {
  reproduced: { text: 'Reproduced', icon: '✓', hint: 'Every metric is within tolerance and no recorded prediction disagrees.' },
  'not-reproduced': { text: 'Not reproduced', icon: '✕', hint: 'A metric is outside its tolerance or recorded predictions disagree.' },
  failed: { text: 'Failed', icon: '!', hint: 'The replay could not run; the reason says why.' },
} as const;

export function verdictText(v: ReplayVerdictName): string {
  return LABELS[v].text;
}

/** A replay's verdict, spelled out with an icon; the colour only repeats it. */
export function VerdictBadge({ verdict }: { verdict: ReplayVerdictName }) {
  const l = LABELS[verdict];
  return (
    <span className={`badge badge-verdict-${verdict}`} title={l.hint}>
      <span className="badge-icon" aria-hidden="true">
        {l.icon}
      </span>
      {l.text}
    </span>
  );
}
