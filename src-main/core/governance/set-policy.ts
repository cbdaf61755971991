import type { Problem } from '../../common/problem';
import type { PolicySetResult } from '../../common/schemas/licenses';
import { parseJsonSafely } from '../bundle/safe-json';
import { parsePolicy, policyHash } from '../licenses/policy';
import type { Store } from '../store/store';
import { reevaluateAllBundles } from './license-evaluations';
import { ensurePolicy, insertPolicy } from './policy-store';

/** JSON text → problems with line/column, or the value. */
export function parsePolicyText(text: string): { value: unknown; problems: Problem[] } {
  const json = parseJsonSafely(Buffer.from(text, 'utf8'), { maxBytes: 1024 * 1024 }, 'policy');
  if (!json.ok)
    return {
      value: null,
      problems: [{ ...json.problem, code: 'policy-invalid', message: `not valid JSON: ${json.problem.message}` }],
    };
  return { value: json.value, problems: [] };
}

/**
 * Validates and stores a new policy version (audited), then re-evaluates every stored bundle in the same
 * transaction, so no verdict is ever computed under a policy other than the current one. The same content
 * as the current policy stores nothing.
 */
export function setPolicy(store: Store, input: unknown, options: { actor: string; note?: string }): PolicySetResult {
  const parsed = parsePolicy(input);
  if (!parsed.policy)
    return { saved: false, changed: false, problems: parsed.problems, policy: null, reevaluated: null };
  const policy = parsed.policy;
  return store.transaction((tx) => {
    const current = ensurePolicy(tx, options.actor);
    if (current.hash === policyHash(policy))
      return { saved: true, changed: false, problems: [], policy: current, reevaluated: null };
    const stored = insertPolicy(tx, policy, current.version + 1, options.actor, options.note?.trim() || null, current);
    const reevaluated = reevaluateAllBundles(tx, stored, options.actor);
    return { saved: true, changed: true, problems: [], policy: stored, reevaluated };
  });
}
