import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useAsksPassphrase } from './use-asks-passphrase';
import { Notice } from '../../components/notice';
import { VerdictBadge } from '../../components/verdict-badge';
import { LicenseBadge } from '../../components/license-badge';
import { formatScalar } from '../../components/format';
import { hrefFor } from '../../app/routes';
import { useAppStore } from '../../store/app-store';
import { useAction } from '../../store/use-action';
import type { Decision, DecideResult } from '../../../src-main/common/schemas/governance';
import { approvalCountText } from '../../../src-main/common/approval-count';
import { formatDate } from '../../components/format';
import { RuleList } from './rule-list';
import { downloadText } from '../../components/download';
import { useDecisionContext, type DecisionContext } from './use-decision-context';
import '../../styles/approvals.css';

/**
 * The decision dialog: everything the decision rests on, a required reason, a justification per metric outside
 * tolerance, the passphrase (read from its field at the call, never kept in state), then the signed result.
 * A native modal <dialog>: the page behind is inert, focus stays inside, Escape closes it.
 */
export function DecisionDialog({ digest, name, onClose }: { digest: string; name: string; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const passRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const [decision, setDecision] = useState<Decision>('approve');
  const [reason, setReason] = useState('');
  const [justifications, setJustifications] = useState<Record<string, string>>({});
  const decide = useAction(useAppStore((s) => s.decide));
  const ctx = useDecisionContext(digest, decision, justifications);
  const asksPassphrase = useAsksPassphrase(useAppStore((s) => s.approvals.inbox.data?.identity?.protection));

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  // The core says which results need a written justification (each metric outside tolerance, or the outputs).
  const needs = ctx.check?.justificationsNeeded ?? [];
  const blocking = ctx.check?.blocking ?? [];
  const result = decide.data;
  const error = decide.error;
  const busy = decide.busy;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const passphrase = passRef.current?.value ?? '';
    const filled = Object.fromEntries(
      Object.entries(justifications).filter(([k, v]) => needs.includes(k) && v.trim() !== ''),
    );
    await decide.run({ digest, decision, reason, justifications: filled, ...(passphrase ? { passphrase } : {}) });
    if (passRef.current) passRef.current.value = '';
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => (e.preventDefault(), onClose())}
      data-testid="decision-dialog"
    >
      <div className="dialog-head">
        <h2 id={`${id}-title`}>Decide on {name}</h2>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={onClose}
          aria-label="Close the decision dialog"
        >
          ✕
        </button>
      </div>
      {result?.accepted && result.record ? (
        <Signed result={result} onClose={onClose} />
      ) : (
        <form onSubmit={(e) => void submit(e)} className="dialog-body">
          <Grounds ctx={ctx} digest={digest} />
          <fieldset className="radio-group decision-choice">
            <legend>Decision</legend>
            {(['approve', 'reject'] as const).map((d) => (
              <div className="radio" key={d}>
                <input
                  type="radio"
                  id={`${id}-${d}`}
                  name={`${id}-decision`}
                  checked={decision === d}
                  onChange={() => setDecision(d)}
                />
                <label htmlFor={`${id}-${d}`}>
                  {d === 'approve' ? 'Approve the replication' : 'Reject the replication'}
                </label>
              </div>
            ))}
          </fieldset>
          {decision === 'approve' && needs.length > 0 && (
            <fieldset className="justifications">
              <legend>Justification for each result outside tolerance (signed into the decision)</legend>
              {needs.map((m) => (
                <div className="field" key={m}>
                  <label htmlFor={`${id}-j-${m}`}>Why {m === 'outputs' ? 'the differing outputs' : m} may stand</label>
                  <textarea
                    id={`${id}-j-${m}`}
                    className="input textarea"
                    rows={2}
                    required
                    value={justifications[m] ?? ''}
                    onChange={(e) => setJustifications({ ...justifications, [m]: e.target.value })}
                  />
                </div>
              ))}
            </fieldset>
          )}
          <div className="field">
            <label htmlFor={`${id}-reason`}>Reason (required, signed into the decision)</label>
            <textarea
              id={`${id}-reason`}
              className="input textarea"
              rows={3}
              required
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          {asksPassphrase && (
            <div className="field">
              <label htmlFor={`${id}-pass`}>Passphrase of your signing key</label>
              <input
                id={`${id}-pass`}
                ref={passRef}
                className="input"
                type="password"
                autoComplete="current-password"
              />
            </div>
          )}
          {blocking.length > 0 && (
            <Notice
              tone="warning"
              title={`${decision === 'approve' ? 'Approving' : 'Rejecting'} is blocked by ${blocking.length === 1 ? 'this rule' : 'these rules'}`}
            >
              <RuleList rules={blocking} label="Blocking rules" />
            </Notice>
          )}
          {result && !result.accepted && (
            <Notice tone="error" title="The decision was not recorded">
              {result.check.blocking.length > 0 && (
                <RuleList rules={result.check.blocking} label="Rules that blocked the decision" />
              )}
              <ul>
                {result.problems
                  .filter((p) => p.code !== 'approval-blocked')
                  .map((p, i) => (
                    <li key={i}>{p.message}</li>
                  ))}
              </ul>
            </Notice>
          )}
          {(error || ctx.error) && (
            <Notice tone="error" title="Something went wrong">
              <p>{error ?? ctx.error}</p>
            </Notice>
          )}
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={busy || !ctx.check || !reason.trim()}>
              {busy ? 'Signing…' : decision === 'approve' ? 'Sign and approve' : 'Sign and reject'}
            </button>
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

/** Everything the decision rests on: the replay and its metric deltas, the licenses, module owners, every rule. */
function Grounds({ ctx, digest }: { ctx: DecisionContext; digest: string }) {
  const c = ctx.check;
  return (
    <div className="grounds">
      <section aria-label="Replay">
        <h3>Replay</h3>
        {!ctx.replayLoaded ? (
          <p className="muted">Loading…</p>
        ) : !ctx.replay ? (
          <p>
            Not replayed yet. <a href={hrefFor('bundles', digest)}>Replay it from the bundle page.</a>
          </p>
        ) : (
          <>
            <p>
              <VerdictBadge verdict={ctx.replay.verdict} /> {ctx.replay.reason}{' '}
              <a href={hrefFor('replays', ctx.replay.id)} className="small">
                Open the replay
              </a>
            </p>
            {ctx.replay.outcome.metrics.length > 0 && (
              <table className="table table-compact" aria-label="Metric deltas">
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    <th scope="col">Reported</th>
                    <th scope="col">Replayed</th>
                    <th scope="col">Delta</th>
                    <th scope="col">Within tolerance</th>
                  </tr>
                </thead>
                <tbody>
                  {ctx.replay.outcome.metrics.map((m) => (
                    <tr key={m.name} className={m.pass ? '' : 'row-bad'}>
                      <th scope="row">{m.name}</th>
                      <td className="num">{formatScalar(m.reported)}</td>
                      <td className="num">{formatScalar(m.replayed)}</td>
                      <td className="num">{formatScalar(m.delta)}</td>
                      <td>{m.pass ? 'yes' : `no${m.reason ? `: ${m.reason}` : ''}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </section>
      <section aria-label="License verdict">
        <h3>Licenses</h3>
        <p>{ctx.licenses ? <LicenseBadge status={ctx.licenses.verdict} /> : <span className="muted">Loading…</span>}</p>
      </section>
      <section aria-label="Approvals so far">
        <h3>Approvals so far</h3>
        {c ? (
          <>
            <p data-testid="decision-count">
              {approvalCountText(c)}, under policy <code>{c.policyHash.slice(0, 12)}</code>
              {c.approvalsWithThis !== c.approvals
                ? `; with your approval: ${approvalCountText({ approvals: c.approvalsWithThis, quorum: c.quorum })}`
                : ''}
              .
            </p>
            {c.yours && (
              <p className="small" data-testid="decision-replaces">
                You {c.yours.decision === 'approve' ? 'approved' : 'rejected'} this bundle on{' '}
                {formatDate(c.yours.decidedAt)}: a new decision replaces that one (it is kept, marked superseded, and
                audited). A reviewer counts once.
              </p>
            )}
            {c.requiredOwners.length === 0 ? (
              <p className="muted">
                Every module version was approved before (in any bundle), or is new and has no owner: no owner must
                approve.
              </p>
            ) : (
              <ul className="owners-required">
                {c.requiredOwners.map((o) => (
                  <li key={o.module}>
                    <strong>{o.module}</strong> {o.from ?? 'new'} → {o.to ?? 'no version'}: owners{' '}
                    {o.owners.join(', ') || 'none'};{' '}
                    {o.approvedBy.length ? `approved by ${o.approvedBy.join(', ')}` : 'no owner has approved'}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <p className="muted">Checking…</p>
        )}
      </section>
      <section aria-label="Rules">
        <h3>Rules</h3>
        {c ? <RuleList rules={c.rules} label="Approval rules" /> : <p className="muted">Checking the rules…</p>}
      </section>
    </div>
  );
}

function Signed({ result, onClose }: { result: DecideResult; onClose(): void }) {
  const r = result.record!;
  const envelope = JSON.stringify(result.approval ?? r.envelope, null, 2);
  return (
    <div className="dialog-body" data-testid="decision-signed">
      <Notice tone="success" title={`Signed: ${r.decision === 'approve' ? 'approved' : 'rejected'}`}>
        <p>
          Signed by {r.approver.name} &lt;{r.approver.email}&gt; with key{' '}
          <code data-testid="signed-key-id">{r.approver.keyId}</code>. The bundle is now{' '}
          <strong>{result.check.state}</strong>.
        </p>
      </Notice>
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() =>
            downloadText(
              `decision-${r.bundleDigest.slice(0, 12)}-${r.id.slice(0, 8)}.json`,
              'application/json',
              envelope,
            )
          }
        >
          Download decision
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
