import { useEffect } from 'react';
import { useAppStore } from '../../store/app-store';
import { LicenseBadge } from '../../components/license-badge';
import { Notice } from '../../components/notice';
import { ProblemList } from '../../components/problem-list';
import { formatDate, plural } from '../../components/format';
import { hrefFor } from '../../app/routes';

const SENTENCE = {
  allowed: 'Every artifact’s license is allowed by the team policy.',
  'needs-review': 'Some licenses need a person’s review before this bundle is used or approved.',
  denied: 'At least one license is denied by the team policy: the bundle cannot be approved as it is.',
} as const;

/** The bundle's license verdict under the current policy, with each artifact's status, reason and suggestion. */
export function BundleLicenses({ digest }: { digest: string }) {
  const st = useAppStore((s) => s.bundleLicenses);
  const load = useAppStore((s) => s.loadBundleLicenses);
  useEffect(() => {
    void load(digest);
  }, [digest, load]);
  const mine = st.key === digest;
  const d = mine ? st.data : null;
  return (
    <section className="card" aria-labelledby="sec-licenses">
      <h2 id="sec-licenses">Licenses {d && <LicenseBadge status={d.verdict} />}</h2>
      {st.error && mine && (
        <Notice tone="error" title="Could not load the license verdict">
          <p>{st.error}</p>
        </Notice>
      )}
      {!d ? (
        !(st.error && mine) && <p className="muted">Loading the license verdict…</p>
      ) : (
        <>
          <p>
            {SENTENCE[d.verdict]}{' '}
            <span className="muted small">
              Policy version {d.policyVersion} (<code>{d.policyHash.slice(0, 12)}</code>), evaluated{' '}
              {formatDate(d.evaluatedAt)}. <a href={hrefFor('licenses')}>Licenses &amp; Access</a>
            </span>
          </p>
          <div className="table-wrap">
            <table className="table" aria-label="License of each artifact">
              <thead>
                <tr>
                  <th scope="col">Artifact</th>
                  <th scope="col">Role</th>
                  <th scope="col">License</th>
                  <th scope="col">Status</th>
                  <th scope="col">Reason and suggestion</th>
                </tr>
              </thead>
              <tbody>
                {d.artifacts.map((a) => (
                  <tr key={a.path} className={a.status === 'denied' ? 'row-bad' : ''}>
                    <td>
                      <code className="file-path">{a.path}</code>
                    </td>
                    <td className="muted">{a.role}</td>
                    <td>
                      <code>{a.expression ?? '(none)'}</code>
                      {a.inherited && <span className="muted"> (inherited)</span>}
                    </td>
                    <td>
                      <LicenseBadge status={a.status} />
                    </td>
                    <td className="small">
                      {a.status === 'allowed' && !a.flags.length ? <span className="muted">{a.reason}</span> : a.reason}
                      {a.suggestion && !a.reason.includes(a.suggestion) && (
                        <div>
                          <strong>Suggested:</strong> <code>{a.suggestion}</code>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {d.findings.length > 0 && (
            <details className="license-findings">
              <summary>{plural(d.findings.length, 'finding')} for the reviewer</summary>
              <ProblemList problems={d.findings} kind="warning" />
            </details>
          )}
        </>
      )}
    </section>
  );
}
