import { useState } from 'react';
import { compareHref, hrefFor } from '../../app/routes';
import { useCall } from '../../store/use-call';
import { useAction } from '../../store/use-action';
import { Notice } from '../../components/notice';
import type { DriftAlert } from '../../../src-main/common/schemas/compare';
import '../../styles/compare.css';

const earlierLabel = (a: DriftAlert) =>
  `${a.earlierName ?? 'a bundle no longer in the store'} (${a.earlierDigest.slice(0, 8)})`;

/** One open alert: what changed, which earlier bundle it compares with, and Dismiss… with a reason (audited). */
function OpenAlert({ alert, bundle, onDismissed }: { alert: DriftAlert; bundle: string; onDismissed: () => void }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const dismiss = useAction('drift:dismiss');
  const submit = async () => {
    if (!reason.trim()) return;
    if (await dismiss.run({ id: alert.id, reason: reason.trim() })) onDismissed();
  };
  return (
    <li data-testid="drift-alert">
      {alert.kind === 'data' && <strong>Data: </strong>}
      {alert.message}{' '}
      <span className="small">
        Compared with <a href={hrefFor('bundles', alert.earlierDigest)}>{earlierLabel(alert)}</a> ·{' '}
        <a href={compareHref(alert.earlierDigest, bundle)}>Compare</a>
      </span>{' '}
      {!asking ? (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setAsking(true)}
          aria-label={`Dismiss the alert on ${alert.subject}`}
        >
          Dismiss…
        </button>
      ) : (
        <form
          className="drift-dismiss"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label>
            Why is this not drift?{' '}
            <input
              type="text"
              value={reason}
              maxLength={2000}
              required
              onChange={(e) => setReason(e.target.value)}
              placeholder="e.g. another pipeline's test set"
              autoFocus
            />
          </label>{' '}
          <button type="submit" className="btn btn-small btn-primary" disabled={!reason.trim() || dismiss.busy}>
            Dismiss alert
          </button>{' '}
          <button type="button" className="btn btn-small" onClick={() => setAsking(false)}>
            Cancel
          </button>
          {dismiss.error && (
            <p className="field-error" role="alert">
              {dismiss.error}
            </p>
          )}
        </form>
      )}
    </li>
  );
}

/**
 * The drift alerts raised when this bundle was imported: each names the earlier bundle it compares with (a link to it
 * and to the compare view) and can be dismissed with a reason; dismissed ones stay listed, with who dismissed them and
 * why.
 */
export function DriftBanner({ digest }: { digest: string }) {
  // A failure here only hides the banner: the bundle page itself stays usable.
  const call = useCall('drift:list', { digest });
  const alerts: DriftAlert[] = call.data?.alerts ?? [];
  if (alerts.length === 0) return null;
  const open = alerts.filter((a) => !a.dismissed);
  const dismissed = alerts.filter((a) => a.dismissed);
  return (
    <div data-testid="drift-banner">
      {open.length > 0 && (
        <Notice
          tone="warning"
          title={`Drift: ${open.length} ${open.length === 1 ? 'change' : 'changes'} since an earlier bundle`}
        >
          <ul className="drift-list">
            {open.map((a) => (
              <OpenAlert key={a.id} alert={a} bundle={digest} onDismissed={call.reload} />
            ))}
          </ul>
          <p>Suggested: {open[0]!.suggestion} (Replay, below), or dismiss an alert that is not drift, saying why.</p>
        </Notice>
      )}
      {dismissed.length > 0 && (
        <details className="drift-dismissed" data-testid="drift-dismissed">
          <summary>
            {dismissed.length} dismissed drift {dismissed.length === 1 ? 'alert' : 'alerts'}
          </summary>
          <ul className="drift-list">
            {dismissed.map((a) => (
              <li key={a.id}>
                {a.message} (compared with {earlierLabel(a)}) — dismissed by {a.dismissed!.actor}: “
                {a.dismissed!.reason}”
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
