import { createHash } from 'node:crypto';
import { z } from 'zod';
import parse from 'spdx-expression-parse';
import type { Problem } from '../../common/problem';
import { currentIds, deprecatedIds, isCustomRef, replacementFor } from './spdx-lists';
import { currentIdsWhere, isCopyleft, isNonCommercial, permissiveDefaults } from './categories';
import { suggestCorrection } from './suggest';

/**
 * A team's license policy. Entries are single SPDX ids, optionally `+`, `WITH exception` or a
 * `LicenseRef-…`; compound expressions belong in artifacts, not in the policy. Evaluation order
 * (expression.ts): deny, then non-commercial under commercial use, then review, then allow;
 * anything the policy does not cover needs review.
 */
const entry = z.string().superRefine((text, ctx) => {
  const problem = entryProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const entries = z.array(entry);

export const licensePolicySchema = z
  .strictObject({
    intendedUse: z.enum(['commercial', 'research']),
    allow: entries,
    deny: entries,
    review: entries,
  })
  .superRefine((policy, ctx) => {
    const seen = new Map<string, string>();
    for (const list of ['deny', 'review', 'allow'] as const) {
      policy[list].forEach((entry, index) => {
        const earlier = seen.get(entry);
        if (earlier && earlier !== list)
          ctx.addIssue({
            code: 'custom',
            path: [list, index],
            message: `"${entry}" is also in ${earlier}; a license belongs to one list`,
          });
        seen.set(entry, list);
      });
    }
  });
export type LicensePolicy = z.infer<typeof licensePolicySchema>;

function entryProblem(entry: string): string | null {
  let info: parse.Info;
  try {
    info = parse(entry);
  } catch {
    const suggestion = suggestCorrection(entry);
    return `unknown SPDX id "${entry}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
  }
  if (!('license' in info)) return `"${entry}" is an expression; list single SPDX ids (with + or WITH at most)`;
  if (entry.trim() !== entry) return `"${entry}" has surrounding spaces`;
  if (isCustomRef(info.license)) return null;
  if (deprecatedIds.has(info.license)) {
    const replacement = replacementFor(info.license, info.plus === true);
    return `"${entry}" is a deprecated SPDX id${replacement ? `; use "${replacement}"` : ''}`;
  }
  return currentIds.has(info.license) ? null : `unknown SPDX id "${info.license}"`;
}

/**
 * The shipped default, written for commercial use: permissive allowed; copyleft, share-alike and
 * non-commercial licenses listed for review (non-commercial ones are denied under commercial use by
 * the evaluation rule, and need review under research use); everything else needs review.
 */
export const defaultLicensePolicy: LicensePolicy = {
  intendedUse: 'commercial',
  allow: [...permissiveDefaults],
  deny: [],
  review: currentIdsWhere((id) => isCopyleft(id) || isNonCommercial(id)),
};

/** Same content, same hash: keys sorted and each list sorted and de-duplicated (list order has no meaning). */
export function canonicalPolicyJson(policy: LicensePolicy): string {
  const list = (values: string[]) => [...new Set(values)].sort();
  return JSON.stringify({
    allow: list(policy.allow),
    deny: list(policy.deny),
    intendedUse: policy.intendedUse,
    review: list(policy.review),
  });
}

export function policyHash(policy: LicensePolicy): string {
  return createHash('sha256').update(canonicalPolicyJson(policy)).digest('hex');
}

export function parsePolicy(json: unknown): { policy: LicensePolicy | null; problems: Problem[] } {
  const parsed = licensePolicySchema.safeParse(json);
  if (parsed.success) return { policy: parsed.data, problems: [] };
  const problems = parsed.error.issues.map((issue): Problem => {
    const where = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (a policy has intendedUse, allow, deny, review)`
        : issue.message;
    return {
      code: 'policy-invalid',
      message: where ? `${where}: ${message}` : message,
      ...(where ? { field: where } : {}),
    };
  });
  return { policy: null, problems };
}
