import type { RuleResult } from '../../../src-main/common/schemas/governance';

const MARK = {
  pass: { icon: '✓', text: 'Holds' },
  block: { icon: '✕', text: 'Blocks' },
  wait: { icon: '…', text: 'Waits' },
} as const;

/** Each approval rule with its status spelled out (the colour only repeats it) and its plain-words message. */
export function RuleList({ rules, label }: { rules: RuleResult[]; label: string }) {
  return (
    <ul className="rules" aria-label={label}>
      {rules.map((r) => (
        <li key={r.id} className={`rule rule-${r.status}`} data-rule={r.id}>
          <span className="rule-mark" aria-hidden="true">
            {MARK[r.status].icon}
          </span>
          <span>
            <strong>{r.title}</strong>{' '}
            <span className={`rule-status rule-status-${r.status}`}>{MARK[r.status].text}</span>
            <span className="rule-message">{r.message}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
