import satisfies from 'spdx-satisfies';
import type { LicensePolicy } from './policy';

/**
 * Which policy lists an SPDX leaf (`MIT`, `GPL-2.0+`, `GPL-2.0-only WITH Classpath-exception-2.0`)
 * falls in. Exact entries are a map lookup; version ranges (`+`, `-or-later`, deprecated ids) go
 * through spdx-satisfies, tried only against entries of the same family because each call parses.
 */
export type PolicyList = 'allow' | 'deny' | 'review';

interface Entry {
  text: string;
  list: PolicyList;
  family: string;
  ranged: boolean;
}

export interface PolicyMatcher {
  exact: Map<string, PolicyList[]>;
  entries: Entry[];
}

const cache = new WeakMap<LicensePolicy, PolicyMatcher>();

export function matcherFor(policy: LicensePolicy): PolicyMatcher {
  const known = cache.get(policy);
  if (known) return known;
  const exact = new Map<string, PolicyList[]>();
  const entries: Entry[] = [];
  for (const list of ['deny', 'review', 'allow'] as const) {
    for (const text of policy[list]) {
      exact.set(text, [...(exact.get(text) ?? []), list]);
      entries.push({ text, list, family: familyOf(text), ranged: isRange(text) });
    }
  }
  const matcher = { exact, entries };
  cache.set(policy, matcher);
  return matcher;
}

/**
 * The lists naming the leaf exactly, else those whose ranges cover it (or that it covers): an exact
 * entry is the team's specific word and beats a range. `ranged` says whether the leaf itself is a
 * range (or a deprecated id, which satisfies maps to its successor). `uncomparable` names range
 * entries spdx-satisfies could not compare with the leaf (it throws on the GFDL invariants ids).
 */
export function listsMatching(
  matcher: PolicyMatcher,
  leaf: string,
  ranged: boolean,
): { lists: Set<PolicyList>; uncomparable: string[] } {
  const exact = new Set<PolicyList>(matcher.exact.get(leaf) ?? []);
  if (exact.size > 0) return { lists: exact, uncomparable: [] };
  const lists = new Set<PolicyList>();
  const uncomparable: string[] = [];
  const family = familyOf(leaf);
  for (const entry of matcher.entries) {
    if (lists.has(entry.list) || entry.family !== family || !(ranged || entry.ranged)) continue;
    try {
      if (satisfies(leaf, [entry.text])) lists.add(entry.list);
    } catch {
      uncomparable.push(entry.text);
    }
  }
  return { lists, uncomparable };
}

export function isRange(text: string): boolean {
  return /\+(\s|$)|-or-later(\s|$)/.test(text);
}

function familyOf(text: string): string {
  return text.split(/[-\s+]/, 1)[0] ?? text;
}
