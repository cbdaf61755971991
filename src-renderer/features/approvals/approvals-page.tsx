import { useEffect, useState } from 'react';
import { approvalCountText } from '../../../src-main/common/approval-count';
import { Notice } from '../../components/notice';
import { formatDate } from '../../components/format';
import { hrefFor } from '../../app/routes';
import { useAppStore } from '../../store/app-store';
import type { InboxItem } from '../../../src-main/common/schemas/governance';
import { ApprovalStateBadge } from './approval-history';
import { RuleList } from './rule-list';
import { DecisionDialog } from './decision-dialog';
import { IdentityPanel } from './identity-panel';
import { TeamPanel } from './team-panel';
import { VerifyPanel } from './verify-panel';
import '../../styles/approvals.css';

/** What waits for me and why, my identity, the team, and checking a teammate's decision. */
export function ApprovalsPage() {
  const inbox = useAppStore((s) => s.approvals.inbox);
  const load = useAppStore((s) => s.loadInbox);
  const data = inbox.data;
  const [deciding, setDeciding] = useState<InboxItem | null>(null);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="page">
      <div className="page-head">
        <h1>Approvals</h1>
      </div>
      {inbox.error && (
        <Notice tone="error" title="Could not load the inbox">
          <p>{inbox.error}</p>
        </Notice>
      )}
      {data && <IdentityPanel identity={data.identity} />}
      <section className="card" aria-labelledby="sec-inbox">
        <h2 id="sec-inbox">
          Waiting for a decision
          {data && data.total > 0 && <span className="page-count">{data.total.toLocaleString()}</span>}
        </h2>
        {data && data.total > data.items.length && (
          <p className="muted small" data-testid="inbox-capped">
            The newest {data.items.length.toLocaleString()} of {data.total.toLocaleString()} are listed; the next ones
            appear as these are decided.
          </p>
        )}
        {!data ? (
          <p className="muted">Loading…</p>
        ) : data.items.length === 0 ? (
          <p className="muted" data-testid="inbox-empty">
            Nothing waits for you. Bundles you did not author appear here once imported;{' '}
            <a href={hrefFor('bundles')}>import one under Bundles</a>.
          </p>
        ) : (
          <ul className="inbox" aria-label="Bundles waiting for a decision">
            {data.items.map((it) => (
              <li key={it.bundleDigest} className="inbox-item" data-testid="inbox-item">
                <div className="inbox-head">
                  <a href={hrefFor('bundles', it.bundleDigest)} className="inbox-name">
                    {it.name}
                  </a>
                  <ApprovalStateBadge state={it.state} />
                  {it.ownerRequired && <span className="badge badge-tone-warn">your approval as module owner</span>}
                  <span className="muted small">
                    by {it.author ?? 'unknown author'}, imported {formatDate(it.importedAt)}; {approvalCountText(it)}
                  </span>
                  <button
                    type="button"
                    className="btn btn-small inbox-decide"
                    onClick={() => setDeciding(it)}
                    disabled={!data.identity}
                  >
                    Decide…
                  </button>
                </div>
                {it.blocking.length > 0 ? (
                  <RuleList rules={it.blocking} label={`What blocks approving ${it.name}`} />
                ) : (
                  <p className="small rule-ready">Nothing blocks your approval.</p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {deciding && (
        <DecisionDialog digest={deciding.bundleDigest} name={deciding.name} onClose={() => setDeciding(null)} />
      )}
      <TeamPanel />
      <VerifyPanel />
    </div>
  );
}
