import parse from 'spdx-expression-parse';
import type { LicensePolicy } from './policy';
import { listsMatching, matcherFor, type PolicyList, isRange } from './policy-match';
import { isLeaf, leafText, leaves, renderExpression, replaceDeprecated, type SpdxLeaf, type SpdxNode } from './render';
import { deprecatedIds, idIgnoringCase, isCustomRef, replacementFor } from './spdx-lists';
import { suggestCorrection } from './suggest';
import { categoryOf, isNonCommercial } from './categories';

export type LicenseStatus = 'allowed' | 'needs-review' | 'denied' | 'invalid';

export interface LicenseCheck {
  expression: string | null; // as written
  normalized: string | null; // the parsed expression printed canonically; null when it does not parse
  status: LicenseStatus;
  reason: string;
  suggestion: string | null; // a corrected expression to write instead, never applied silently
  licenses: string[]; // the ids in the expression, as written
}

/** Longer than any honest expression; keeps the parser and spdx-correct away from hostile input. */
const maxExpressionLength = 2000;

const rank: Record<LicenseStatus, number> = { allowed: 0, 'needs-review': 1, invalid: 1, denied: 2 };

export function checkLicense(expression: string | null, policy: LicensePolicy): LicenseCheck {
  return analyzeLicense(expression, policy).check;
}

/** The check plus the parsed tree (deprecated ids replaced), for the combination rules. */
export function analyzeLicense(
  expression: string | null,
  policy: LicensePolicy,
): { check: LicenseCheck; tree: SpdxNode | null } {
  const written = expression ?? null;
  const text = written?.trim() ?? '';
  const result = (status: LicenseStatus, reason: string, extra: Partial<LicenseCheck> = {}) => ({
    check: { expression: written, normalized: null, status, reason, suggestion: null, licenses: [], ...extra },
    tree: null,
  });
  if (!text) return result('needs-review', 'no license declared');
  if (text.length > maxExpressionLength)
    return result('invalid', `license expression longer than ${maxExpressionLength} characters`);
  const keyword = placeholder(text);
  if (keyword) return result('needs-review', keyword.reason, { suggestion: keyword.suggestion });

  let tree: SpdxNode;
  try {
    tree = parse(text);
  } catch (error) {
    const suggestion = suggestCorrection(text);
    const caseSlip = idIgnoringCase(text);
    const reason = caseSlip
      ? `"${text}" is not an SPDX id as written: SPDX ids are case-sensitive (${caseSlip})`
      : `"${text}" is not a valid SPDX expression (${parserMessage(error)})`;
    return result('invalid', suggestion ? `${reason}; suggested: ${suggestion}` : reason, { suggestion });
  }

  const normalized = renderExpression(tree);
  const current = replaceDeprecated(tree);
  const upgraded = renderExpression(current);
  const lowerOperators = [...text.matchAll(/\s(and|or|with)\s/gi)].some((m) => m[1] !== m[1]!.toUpperCase());
  const suggestion = upgraded !== normalized || lowerOperators ? upgraded : null;
  const evaluated = evaluate(current, policy);
  const deprecatedNote = new Set(
    leaves(tree)
      .filter((leaf) => deprecatedIds.has(leaf.license))
      .map((leaf) => {
        const replacement = replacementFor(leaf.license, leaf.plus === true);
        return `${leaf.license} is a deprecated SPDX id${replacement ? ` (now ${replacement})` : ''}`;
      }),
  );
  return {
    check: {
      expression: written,
      normalized,
      status: evaluated.status,
      reason: [evaluated.reason, ...deprecatedNote].join('; '),
      suggestion,
      licenses: [...new Set(leaves(tree).map((leaf) => leaf.license))],
    },
    tree: current,
  };
}

/** The parser's own words when it has some (`Unexpected \`A\` at offset 0`); it crashes on a dangling operator. */
function parserMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  return /^(Unexpected|Expected|There is)/.test(message) ? message : 'incomplete or malformed expression';
}

/** Words people write instead of a license: never guessed, always a person's call. */
function placeholder(text: string): { reason: string; suggestion: string | null } | null {
  const named = /^other\s*[:(\-–]\s*([^()]+?)\s*\)?$/i.exec(text);
  if (named) {
    const ref = `LicenseRef-${named[1]!.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '')}`;
    return {
      reason: `declared as "other" (${named[1]}): a license outside the SPDX list needs review`,
      suggestion: ref !== 'LicenseRef-' ? ref : null,
    };
  }
  switch (text.toLowerCase()) {
    case 'other':
      return { reason: 'declared as "other": a license outside the SPDX list needs review', suggestion: null };
    case 'unknown':
      return { reason: 'license declared as unknown', suggestion: null };
    case 'proprietary':
    case 'custom':
      return { reason: `declared as "${text}": a custom license needs review`, suggestion: null };
    case 'noassertion':
      return { reason: 'no license asserted (NOASSERTION)', suggestion: null };
    case 'none':
      return { reason: 'declared as NONE: no license is granted', suggestion: null };
    default:
      return null;
  }
}

interface Verdict {
  status: Exclude<LicenseStatus, 'invalid'>;
  reason: string;
}

function evaluate(node: SpdxNode, policy: LicensePolicy): Verdict {
  if (isLeaf(node)) return evaluateLeaf(node, policy);
  const left = evaluate(node.left, policy);
  const right = evaluate(node.right, policy);
  if (node.conjunction === 'and') {
    // All terms apply: the worst one decides.
    const worst = rank[left.status] >= rank[right.status] ? left.status : right.status;
    return { status: worst, reason: joinReasons([left, right].filter((v) => v.status === worst)) };
  }
  // A choice: the licensee may take the best branch.
  if (left.status === right.status) return { status: left.status, reason: joinReasons([left, right]) };
  const [best, other] = rank[left.status] < rank[right.status] ? [left, right] : [right, left];
  return { status: best.status, reason: `${best.reason} (chosen over: ${other.reason})` };
}

function joinReasons(verdicts: Verdict[]): string {
  return [...new Set(verdicts.map((v) => v.reason))].join('; ');
}

const listStatus: Record<PolicyList, Verdict['status']> = { deny: 'denied', review: 'needs-review', allow: 'allowed' };
const listWords: Record<PolicyList, string> = {
  deny: 'denied by the policy',
  review: 'listed for review by the policy',
  allow: 'allowed by the policy',
};

function evaluateLeaf(leaf: SpdxLeaf, policy: LicensePolicy): Verdict {
  const text = leafText(leaf);
  const matcher = matcherFor(policy);
  const ranged = leaf.plus === true || isRange(leaf.license) || deprecatedIds.has(leaf.license);
  const custom = isCustomRef(leaf.license);
  // The most specific entry wins: `X WITH e` before `X`.
  const keys = leaf.exception ? [text, leafText({ license: leaf.license, plus: leaf.plus })] : [text];
  let matched: PolicyList | null = null;
  let matchedKey = text;
  const uncomparable: string[] = [];
  for (const key of keys) {
    const found = listsMatching(matcher, key, ranged && !custom);
    uncomparable.push(...found.uncomparable);
    const lists = [...found.lists].sort((a, b) => rank[listStatus[a]] - rank[listStatus[b]]);
    if (lists.length === 0) continue;
    // A range lets the licensee pick its best version; an exact id meets every list it is in.
    matched = ranged ? lists[0]! : lists[lists.length - 1]!;
    matchedKey = key;
    break;
  }
  const category = categoryOf(leaf.license);
  const label = `${text}${category ? ` (${category})` : ''}`;
  if (matched === 'deny') return { status: 'denied', reason: `${label} is ${listWords.deny}` };
  if (isNonCommercial(leaf.license) && policy.intendedUse === 'commercial') {
    return { status: 'denied', reason: `${label} forbids commercial use, and the intended use is commercial` };
  }
  // A range the library could not compare might have denied it: a person decides, never an allow.
  if (uncomparable.length > 0 && matched !== 'review') {
    return {
      status: 'needs-review',
      reason: `${label} could not be compared with the policy's ${uncomparable.join(', ')}; needs review`,
    };
  }
  if (matched) {
    const via = matchedKey !== text ? ` (as ${matchedKey})` : '';
    return { status: listStatus[matched], reason: `${label} is ${listWords[matched]}${via}` };
  }
  if (custom) return { status: 'needs-review', reason: `${text} is a custom license; needs review` };
  return { status: 'needs-review', reason: `${label} is not covered by the policy; needs review` };
}
