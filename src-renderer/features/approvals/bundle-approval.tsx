import { useEffect, useState } from 'react';
import { Notice } from '../../components/notice';
import { hrefFor } from '../../app/routes';
import { useAppStore } from '../../store/app-store';
import { ApprovalHistory } from './approval-history';
import { DecisionDialog } from './decision-dialog';
import '../../styles/approvals.css';

/** The bundle page's Approval card: its decisions (approved, rejected, superseded) and the way to decide. */
export function BundleApproval({ digest, name }: { digest: string; name: string }) {
  const history = useAppStore((s) => s.approvals.history);
  const loadHistory = useAppStore((s) => s.loadApprovalHistory);
  const inbox = useAppStore((s) => s.approvals.inbox);
  const loadInbox = useAppStore((s) => s.loadInbox);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    void loadHistory(digest);
  }, [digest, loadHistory]);
  const loaded = inbox.data !== null;
  const identity = inbox.data?.identity ?? null;
  useEffect(() => {
    if (!loaded) void loadInbox();
  }, [loaded, loadInbox]);
  const mine = history.key === digest;
  const rows = mine ? history.rows : [];
  return (
    <section className="card" aria-labelledby="sec-approval">
      <h2 id="sec-approval">Approval</h2>
      <p className="muted">
        A signed decision on this replication, bound to the bundle digest, the latest replay and the current policy.
      </p>
      {loaded && !identity ? (
        <p>
          You need a signing identity to decide. <a href={hrefFor('approvals')}>Create one under Approvals.</a>
        </p>
      ) : (
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={() => setOpen(true)} disabled={!identity}>
            Decide…
          </button>
        </div>
      )}
      {open && <DecisionDialog digest={digest} name={name} onClose={() => setOpen(false)} />}
      <h3 className="replay-subhead">History</h3>
      {history.error && mine ? (
        <Notice tone="error" title="Could not load this bundle's decisions">
          <p>{history.error}</p>
        </Notice>
      ) : rows.length === 0 ? (
        <p className="muted" data-testid="approval-history-empty">
          {history.loading ? 'Loading…' : 'No decisions yet.'}
        </p>
      ) : (
        <ApprovalHistory rows={rows} />
      )}
    </section>
  );
}
