import { useState } from 'react';
import type { BundleDetail } from '../../../src-main/common/schemas/bundle';
import { approvalCountText } from '../../../src-main/common/approval-count';
import { StatusBadge } from '../../components/status-badge';
import { AuthorshipBadge } from '../../components/authorship-badge';
import { VerdictBadge } from '../../components/verdict-badge';
import { useAppStore } from '../../store/app-store';
import { useCall } from '../../store/use-call';
import { replayBusy } from '../../store/replays-slice';
import { DecisionDialog } from '../approvals/decision-dialog';
import { ExportButton } from '../making/making-actions';
import { bundleTabHref } from './bundle-tabs';

const APPROVAL_WORDS = {
  pending: 'Not approved yet',
  approved: 'Approved',
  rejected: 'Rejected',
  superseded: 'Superseded',
} as const;
// The replication badges' colours: the same states, the same palette.
const APPROVAL_BADGE = {
  pending: 'pending',
  approved: 'approved',
  rejected: 'rejected',
  superseded: 'pending',
} as const;

/**
 * The bundle page's fixed header: what the bundle is (verification, latest replay, approval with core's n of m)
 * and the two things a reviewer does here, Replay and Decide, whichever tab is open.
 */
export function BundleHeader({ d, back }: { d: BundleDetail; back: React.ReactNode }) {
  const digest = d.summary.bundleDigest;
  const history = useAppStore((s) => s.replays.history);
  const run = useAppStore((s) => s.replays.run);
  const startReplay = useAppStore((s) => s.startReplay);
  const inbox = useAppStore((s) => s.approvals.inbox);
  const identity = inbox.data?.identity ?? null;
  const check = useCall('approvals:check', { digest, decision: 'approve', justifications: {} }, { keep: true });
  const [deciding, setDeciding] = useState(false);
  const latest = history.key === digest ? (history.rows[0] ?? null) : null;
  const replayable = d.metadata.replay !== null;
  const busy = replayBusy(run);
  const c = check.data;

  const replay = () => {
    void startReplay(digest);
    // The progress and the outcome are on the Replays tab.
    window.location.hash = bundleTabHref(digest, 'replays');
  };

  return (
    <div className="bundle-header" data-testid="bundle-header">
      {back}
      <div className="page-head">
        <h1 className="bundle-title">{d.summary.name}</h1>
        <span className="page-head-end">
          <button
            type="button"
            className="btn"
            onClick={replay}
            disabled={!replayable || busy}
            title={
              !replayable
                ? 'This bundle has no data/replay.json, so there is nothing to replay.'
                : busy
                  ? 'A replay is running; one runs at a time from this window.'
                  : undefined
            }
          >
            <span aria-hidden="true">↻</span> Replay
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setDeciding(true)}
            disabled={!identity}
            title={identity ? undefined : 'You need a signing identity to decide: create one under Approvals.'}
          >
            Decide…
          </button>
          <ExportButton digest={digest} name={d.summary.name} />
        </span>
        <dl className="bundle-state" aria-label="Where this bundle stands">
          <div>
            <dt>Verification</dt>
            <dd>
              <StatusBadge status={d.summary.status} integrity={d.summary.integrity} />
            </dd>
          </div>
          <div>
            <dt>Latest replay</dt>
            <dd>
              {latest ? (
                <VerdictBadge verdict={latest.verdict} />
              ) : (
                <span className="muted">{replayable ? 'not replayed yet' : 'not replayable'}</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Approval</dt>
            <dd data-testid="header-approval">
              {c ? (
                <>
                  <span className={`badge badge-replication-${APPROVAL_BADGE[c.state]}`}>
                    {APPROVAL_WORDS[c.state]}
                  </span>{' '}
                  <span className="muted small">{approvalCountText(c)}</span>
                </>
              ) : check.error ? (
                <span className="muted">{check.error}</span>
              ) : (
                <span className="muted">…</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Author</dt>
            <dd>
              <AuthorshipBadge authorship={d.authorship} />
            </dd>
          </div>
        </dl>
      </div>
      {deciding && (
        <DecisionDialog
          digest={digest}
          name={d.summary.name}
          onClose={() => {
            setDeciding(false);
            check.reload();
          }}
        />
      )}
    </div>
  );
}
