import type { ApprovalRecord } from '../../../src-main/common/schemas/governance';
import type { ReplayRecord } from '../../../src-main/common/schemas/replay';

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

/** The names a not-reproduced replay needs a written justification for: each metric outside tolerance, or "outputs". */
export function justificationNames(replay: Pick<ReplayRecord, 'verdict' | 'outcome'> | null): string[] {
  if (!replay || replay.verdict !== 'not-reproduced') return [];
  const outside = replay.outcome.metrics.filter((m) => !m.pass).map((m) => m.name);
  return outside.length > 0 ? outside : ['outputs'];
}
