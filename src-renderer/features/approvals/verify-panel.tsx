import { useId, useState } from 'react';
import { call } from '../../api/client';
import { Notice } from '../../components/notice';
import { ProblemList } from '../../components/problem-list';
import { hrefFor } from '../../app/routes';
import { errorText } from '../../store/types';
import type { AttestationReport } from '../../../src-main/common/schemas/governance';

/** Checks a teammate's signed decision against the team's keys: valid, or each problem that makes it invalid. */
export function VerifyPanel() {
  const id = useId();
  const [text, setText] = useState('');
  const [report, setReport] = useState<AttestationReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const verify = async () => {
    setError(null);
    setReport(null);
    try {
      setReport(await call('attestation:verify', { envelope: text }));
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section className="card" aria-labelledby="sec-verify">
      <h2 id="sec-verify">Verify a decision</h2>
      <p className="muted">Paste a decision envelope (DSSE JSON) or choose its file; it is checked against the team’s keys and the bundles in this store.</p>
      <div className="field">
        <label htmlFor={`${id}-env`}>Decision envelope</label>
        <textarea id={`${id}-env`} className="input textarea mono" rows={5} value={text} onChange={(e) => (setText(e.target.value), setReport(null))} />
      </div>
      <div className="actions">
        <label className="btn">
          Choose a file…
          <input
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            aria-label="Choose a decision file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void f.text().then((t) => (setText(t), setReport(null)));
              e.target.value = '';
            }}
          />
        </label>
        <button type="button" className="btn btn-primary" disabled={!text.trim()} onClick={() => void verify()}>
          Verify
        </button>
      </div>
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
                {report.decision === 'approve' ? 'Approved' : 'Rejected'} by {report.signer?.name} &lt;{report.signer?.email}&gt;, key <code>{report.signer?.keyId.slice(0, 16)}</code>
                {report.bundleDigest && (
                  <>
                    , for bundle <a href={hrefFor('bundles', report.bundleDigest)}>{report.bundleDigest.slice(0, 12)}</a>
                  </>
                )}
                .
              </p>
            </Notice>
          ) : (
            <Notice tone="error" title="Invalid decision">
              <ProblemList problems={report.problems} />
            </Notice>
          )}
        </div>
      )}
    </section>
  );
}
