import type { ApprovalRecord } from '../../../src-main/common/schemas/governance';

/** Pure helpers of the approvals screens (unit-tested apart from React). */

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Parses a comma-, semicolon- or space-separated owner list; each entry must look like an email address. */
export function parseOwners(text: string): { owners: string[]; bad: string[] } {
  const parts = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return { owners: [...new Set(parts)], bad: parts.filter((p) => !EMAIL.test(p)) };
}

/** approved / rejected, or superseded when the policy it was made under changed since. */
export function recordState(r: Pick<ApprovalRecord, 'holds' | 'decision'>): 'approved' | 'rejected' | 'superseded' {
  if (!r.holds) return 'superseded';
  return r.decision === 'approve' ? 'approved' : 'rejected';
}
