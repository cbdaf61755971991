import type { DriftAlert } from '../../common/schemas/compare';
import { CodedError } from '../../common/result';
import { appendAudit } from '../audit/audit-log';
import { driftAlerts, insertDriftDismissal } from '../store/repos/drift-repo';
import type { Store } from '../store/store';

export const DISMISS_REASON_MAX = 2000;

/**
 * Closes an alert a person judged a false alarm or a known change, with their reason: one `drift.dismiss` audit
 * entry (on the alert's bundle, naming the earlier bundle it compared with) and the dismissal row, in one
 * transaction. An alert is dismissed once; a replay of its bundle revalidates it without a dismissal.
 */
export function dismissDriftAlert(
  store: Store,
  input: { id: number; reason: string },
  actor: string,
  details: Record<string, unknown> = {},
): DriftAlert {
  const reason = input.reason.trim();
  if (!reason)
    throw new CodedError(
      'invalid-request',
      'reason: say why this alert is dismissed (for example "another pipeline\'s test set")',
    );
  if (reason.length > DISMISS_REASON_MAX)
    throw new CodedError('invalid-request', `reason: at most ${DISMISS_REASON_MAX} characters`);
  return store.transaction((tx) => {
    const alert = driftAlerts(tx, { id: input.id, limit: 1 })[0];
    if (!alert) throw new CodedError('not-found', `no drift alert ${input.id} in this store`);
    if (alert.dismissed)
      throw new CodedError(
        'conflict',
        `drift alert ${input.id} was already dismissed by ${alert.dismissed.actor} (${alert.dismissed.reason})`,
        { dismissed: alert.dismissed },
      );
    const entry = appendAudit(tx, {
      actor,
      action: 'drift.dismiss',
      subject: alert.bundleDigest,
      details: {
        ...details,
        alertId: alert.id,
        kind: alert.kind,
        alertSubject: alert.subject,
        earlier: alert.earlierDigest,
        reason,
      },
    });
    insertDriftDismissal(tx, alert.id, reason, actor, entry.seq);
    return driftAlerts(tx, { id: alert.id, limit: 1 })[0]!;
  });
}
