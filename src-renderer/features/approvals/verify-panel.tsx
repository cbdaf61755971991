import { useId, useState } from 'react';
import { Notice } from '../../components/notice';
import { ProblemList } from '../../components/problem-list';
import { hrefFor } from '../../app/routes';
import { useAppStore } from '../../store/app-store';
import { useAction } from '../../store/use-action';
import { useCall } from '../../store/use-call';
import { JsonTextField } from '../../components/json-text-field';

/**
 * Checks a teammate's signed decision against the team's keys: valid, or each problem that makes it invalid.
 * A valid decision about a stored bundle can be added to this store, where it counts like a local one.
 */
export function VerifyPanel() {
  const id = useId();
  const [text, setText] = useState('');
  const verifying = useAction('attestation:verify');
  const adding = useAction(useAppStore((s) => s.importDecision));
  const report = verifying.data;
  const added = adding.data;
  // Whether the decision's bundle is in this store (it can be added only then); a failure reads as "not stored".
  const bundle = useCall('bundles:get', report?.valid && report.bundleDigest ? { digest: report.bundleDigest } : null);
  const stored = bundle.data !== null;
  const error = verifying.error ?? adding.error;
  const reset = (t: string) => (setText(t), verifying.reset(), adding.reset());
  const verify = () => {
    verifying.reset();
    adding.reset();
    void verifying.run({ envelope: text });
  };
  return (
    <section className="card" aria-labelledby="sec-verify">
      <h2 id="sec-verify">Verify a decision</h2>
      <p className="muted">
        Paste a decision envelope (DSSE JSON) or choose its file; it is checked against the team’s keys and the bundles
        in this store.
      </p>
      <JsonTextField
        id={`${id}-env`}
        label="Decision envelope"
        fileLabel="Choose a decision file"
        rows={5}
        value={text}
        onChange={reset}
      >
        <button type="button" className="btn btn-primary" disabled={!text.trim()} onClick={verify}>
          Verify
        </button>
      </JsonTextField>
      {error && (
        <Notice tone="error" title="Could not verify">
          <p>{error}</p>
        </Notice>
      )}
      {report && (
        <div data-testid="verify-result">
          {report.valid ? (
            <Notice tone="success" title="Valid decision">
              <p>
                {report.decision === 'approve' ? 'Approved' : 'Rejected'} by {report.signer?.name} &lt;
                {report.signer?.email}&gt;, key <code>{report.signer?.keyId.slice(0, 16)}</code>
                {report.bundleDigest && (
                  <>
                    , for bundle{' '}
                    <a href={hrefFor('bundles', report.bundleDigest)}>{report.bundleDigest.slice(0, 12)}</a>
                  </>
                )}
                .
              </p>
              {stored && !added?.imported && (
                <div className="actions">
                  <button
                    type="button"
                    className="btn btn-primary"
                    disabled={adding.busy}
                    onClick={() => void adding.run(text)}
                  >
                    Add to this store
                  </button>
                  <span className="muted small">
                    It then counts toward the quorum and module owners, like a decision made here.
                  </span>
                </div>
              )}
            </Notice>
          ) : (
            <Notice tone="error" title="Invalid decision">
              <ProblemList problems={report.problems} />
            </Notice>
          )}
        </div>
      )}
      {added && (
        <div data-testid="import-decision-result">
          {added.imported && added.record ? (
            <Notice tone={added.problems.length > 0 ? 'warning' : 'success'} title="Added to this store">
              <p>
                {added.record.approver.name}’s decision is in the history of bundle{' '}
                <a href={hrefFor('bundles', added.record.bundleDigest)}>{added.record.bundleDigest.slice(0, 12)}</a>
                {added.check && `, which is now ${added.check.state}`}.
              </p>
              <ProblemList problems={added.problems} kind="warning" />
            </Notice>
          ) : (
            <Notice tone="error" title="Not added">
              <ProblemList problems={added.problems} />
            </Notice>
          )}
        </div>
      )}
    </section>
  );
}
