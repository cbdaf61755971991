import { useCall } from '../../store/use-call';
import type { ApprovalCheck, Decision } from '../../../src-main/common/schemas/governance';
import type { ReplayRecord } from '../../../src-main/common/schemas/replay';
import type { BundleLicenses } from '../../../src-main/common/schemas/licenses';

export interface DecisionContext {
  check: ApprovalCheck | null; // the rules, and what approving needs a written justification for
  replay: ReplayRecord | null; // the latest replay, which the rules judge
  replayLoaded: boolean;
  licenses: BundleLicenses | null;
  error: string | null;
}

/**
 * What a decision rests on: the rules for this decision (re-checked as the decision or the justifications
 * change; the last check stays meanwhile), the latest replay with its metric deltas, and the license verdict.
 */
export function useDecisionContext(
  digest: string,
  decision: Decision,
  justifications: Record<string, string>,
): DecisionContext {
  const latest = useCall('replay:list', { digest, offset: 0, limit: 1 });
  const latestId = latest.data?.replays[0]?.id ?? null;
  const replay = useCall('replay:get', latestId ? { id: latestId } : null);
  const licenses = useCall('licenses:bundle', { digest });
  const filled = Object.fromEntries(Object.entries(justifications).filter(([, v]) => v.trim() !== ''));
  const check = useCall('approvals:check', { digest, decision, justifications: filled }, { keep: true });
  const replayLoaded =
    (latest.data !== null && (latestId === null || replay.data !== null)) ||
    latest.error !== null ||
    replay.error !== null;
  return {
    check: check.data,
    replay: replay.data,
    replayLoaded,
    licenses: licenses.data,
    error: latest.error ?? replay.error ?? licenses.error ?? check.error,
  };
}
