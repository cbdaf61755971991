import type { TeamFile } from '../../common/schemas/governance';
import { approvalComplete, holdingDecisions, type Approver, type PriorDecision } from './approval-rules';
import { BaselineIndex, type ApprovedModule, type ModuleVersion } from './module-baseline';
import type { TrustedKey } from './team-file';

export interface SweepInput {
  team: TeamFile | null;
  keys: TrustedKey[];
  policyHash: string;
  moduleOwners: Record<string, string[]>;
  signers: Map<string, Approver | null>; // each decided bundle's verified signer (their own decisions never count)
  modules: Map<string, ModuleVersion[]>; // each decided bundle's modules
}

export interface SweepResult {
  // approved bundles: when, and how much of the baseline came before
  settled: Map<string, { at: string; baselineSize: number }>;
  baseline: ApprovedModule[]; // every approved bundle's modules, in the order they were approved
  index: BaselineIndex; // the whole baseline, indexed
}

/**
 * Replays every decision in time order (events oldest first): a bundle is approved at the decision that first
 * completes its quorum and its required owners, judged against the module versions approved before that
 * moment; its modules then join the baseline. So approving one bundle never changes the state of another that
 * was approved earlier, and a module version once approved anywhere needs no owner again.
 */
export function sweepApprovals(events: { digest: string; decision: PriorDecision }[], input: SweepInput): SweepResult {
  const quorum = input.team?.quorum ?? 1;
  const settled: SweepResult['settled'] = new Map();
  const baseline: ApprovedModule[] = [];
  const index = new BaselineIndex(); // the same baseline, indexed as it grows
  const sofar = new Map<string, PriorDecision[]>();
  for (const { digest, decision } of events) {
    if (settled.has(digest)) continue;
    const decisions = [...(sofar.get(digest) ?? []), decision];
    sofar.set(digest, decisions);
    const holding = holdingDecisions({ ...input, decisions, signer: input.signers.get(digest) ?? null });
    if (holding.some((h) => h.decision === 'reject')) continue;
    const modules = input.modules.get(digest) ?? [];
    if (!approvalComplete(modules, index, input.moduleOwners, holding, quorum)) continue;
    settled.set(digest, { at: decision.decidedAt, baselineSize: baseline.length });
    for (const m of modules) {
      baseline.push({ ...m, digest });
      index.add(m);
    }
  }
  return { settled, baseline, index };
}
