import type { z } from 'zod';
import type { policyShapeSchema } from '../../../src-main/common/schemas/licenses';

export type PolicyShape = z.infer<typeof policyShapeSchema>;
type ListName = 'allow' | 'review' | 'deny';
export type PolicyTexts = Record<ListName, string>;

const LISTS: { name: ListName; label: string; hint: string }[] = [
  { name: 'allow', label: 'Allowed licenses', hint: 'Used freely for the intended use.' },
  { name: 'review', label: 'Licenses that need review', hint: 'A person reviews them before use.' },
  { name: 'deny', label: 'Denied licenses', hint: 'Never used; deny wins over every other list.' },
];

/** A policy's lists as the form's text, one entry per line. */
export const textsOf = (policy: PolicyShape): PolicyTexts => ({
  allow: policy.allow.join('\n'),
  review: policy.review.join('\n'),
  deny: policy.deny.join('\n'),
});

/** The policy JSON the form stands for, as the JSON view and the save send it. */
export const formJson = (use: PolicyShape['intendedUse'], texts: PolicyTexts): string =>
  JSON.stringify(
    {
      intendedUse: use,
      allow: listFromText(texts.allow),
      deny: listFromText(texts.deny),
      review: listFromText(texts.review),
    },
    null,
    2,
  );

/** One SPDX id or expression per line (commas also separate); blank lines are dropped. */
export const listFromText = (text: string): string[] =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The policy as a form: the intended use and the three SPDX lists, one entry per line. Core checks every entry on
 * save and names the one it refuses ("allow[2]: …" is line 3 of Allowed licenses).
 */
export function PolicyForm({
  use: current,
  texts,
  onUse,
  onList,
}: {
  use: PolicyShape['intendedUse'];
  texts: PolicyTexts;
  onUse: (use: PolicyShape['intendedUse']) => void;
  onList: (name: ListName, text: string) => void;
}) {
  return (
    <div className="policy-form">
      <fieldset>
        <legend>Intended use</legend>
        {(['research', 'commercial'] as const).map((use) => (
          <label key={use} className="inline-choice">
            <input
              type="radio"
              name="policy-intended-use"
              value={use}
              checked={current === use}
              onChange={() => onUse(use)}
            />{' '}
            {use === 'research' ? 'Research' : 'Commercial (non-commercial licenses are denied)'}
          </label>
        ))}
      </fieldset>
      {LISTS.map((list) => (
        <div key={list.name} className="policy-list-field">
          <label htmlFor={`policy-${list.name}`}>{list.label}</label>
          <textarea
            id={`policy-${list.name}`}
            className="input code-input"
            spellCheck={false}
            rows={4}
            value={texts[list.name]}
            onChange={(e) => onList(list.name, e.target.value)}
            aria-describedby={`policy-${list.name}-hint`}
            placeholder="One SPDX id or expression per line, e.g. MIT"
          />
          <p id={`policy-${list.name}-hint`} className="small muted">
            {list.hint} {listFromText(texts[list.name]).length} entries.
          </p>
        </div>
      ))}
    </div>
  );
}
