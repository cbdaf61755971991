import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import { errorText } from '../../store/types';
import type { ApprovalCheck, Decision } from '../../../src-main/common/schemas/governance';
import type { ReplayRecord } from '../../../src-main/common/schemas/replay';
import type { BundleLicenses } from '../../../src-main/common/schemas/licenses';

export interface DecisionContext {
  check: ApprovalCheck | null;
  replay: ReplayRecord | null; // the latest replay, which the rules judge
  replayLoaded: boolean;
  licenses: BundleLicenses | null;
  error: string | null;
}

/**
 * What a decision rests on: the rules for this decision (re-checked as the decision or the justifications
 * change), the latest replay with its metric deltas, and the license verdict.
 */
export function useDecisionContext(digest: string, decision: Decision, justifications: Record<string, string>): DecisionContext {
  const [ctx, setCtx] = useState<DecisionContext>({ check: null, replay: null, replayLoaded: false, licenses: null, error: null });
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const [list, licenses] = await Promise.all([call('replay:list', { digest, offset: 0, limit: 1 }), call('licenses:bundle', { digest })]);
        const latest = list.replays[0];
        const replay = latest ? await call('replay:get', { id: latest.id }) : null;
        if (live) setCtx((c) => ({ ...c, replay, replayLoaded: true, licenses }));
      } catch (e) {
        if (live) setCtx((c) => ({ ...c, replayLoaded: true, error: errorText(e) }));
      }
    })();
    return () => {
      live = false;
    };
  }, [digest]);

  const key = JSON.stringify(justifications);
  useEffect(() => {
    let live = true;
    const filled = Object.fromEntries(Object.entries(justifications).filter(([, v]) => v.trim() !== ''));
    call('approvals:check', { digest, decision, justifications: filled })
      .then((check) => live && setCtx((c) => ({ ...c, check })))
      .catch((e: unknown) => live && setCtx((c) => ({ ...c, error: errorText(e) })));
    return () => {
      live = false;
    };
    // `key` stands for the justifications (a new object each render), so the check reruns only when they change.
  }, [digest, decision, key]);
  return ctx;
}
