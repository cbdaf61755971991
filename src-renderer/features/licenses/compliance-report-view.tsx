import type { ComplianceReportData } from '../../../src-main/common/schemas/licenses';
import { LicenseBadge } from '../../components/license-badge';
import { formatDate, plural } from '../../components/format';

const countText = (counts: Record<string, number>, order: string[]) =>
  order
    .filter((k) => counts[k])
    .map((k) => `${counts[k]} ${k}`)
    .join(', ') || 'none';

/** The report laid out for paper: print CSS hides the app around it. Every value is text from the core. */
export function ComplianceReportView({ report }: { report: ComplianceReportData }) {
  const s = report.summary;
  const attention = report.bundles.flatMap((b) =>
    b.artifacts.filter((a) => a.status !== 'allowed').map((a) => ({ bundle: b, a })),
  );
  const guarded = report.bundles.flatMap((b) =>
    b.artifacts
      .filter((a) => a.classification === 'restricted' || a.classification === 'confidential')
      .map((a) => ({ bundle: b, a })),
  );
  const notable = report.accessEvents.filter((e) => e.outcome === 'override' || e.outcome === 'refused');
  return (
    <article className="report-view" aria-labelledby="report-title">
      <header className="report-head">
        <h2 id="report-title">Compliance report</h2>
        <p className="muted">
          Generated {formatDate(report.generatedAt, true)} ({report.generatedAt})
        </p>
      </header>

      <section aria-labelledby="rep-policy">
        <h3 id="rep-policy">Policy in force</h3>
        <dl className="kv">
          <div className="kv-row">
            <dt>Version</dt>
            <dd>
              {report.policy.version}
              {report.policy.isDefault ? ' (the shipped default)' : ''}
            </dd>
          </div>
          <div className="kv-row">
            <dt>Hash</dt>
            <dd>
              <code className="digest-full">{report.policy.hash}</code>
            </dd>
          </div>
          <div className="kv-row">
            <dt>Intended use</dt>
            <dd>{report.policy.intendedUse}</dd>
          </div>
          <div className="kv-row">
            <dt>Set</dt>
            <dd>
              {report.policy.setAt
                ? `${formatDate(report.policy.setAt, true)} by ${report.policy.setBy ?? 'unknown'}`
                : 'not yet stored'}
            </dd>
          </div>
          <div className="kv-row">
            <dt>Denied ids</dt>
            <dd>{report.policy.deny.join(', ') || 'none'}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="rep-summary">
        <h3 id="rep-summary">Summary</h3>
        <dl className="kv">
          <div className="kv-row">
            <dt>Bundles</dt>
            <dd>
              {s.bundles}: {countText(s.verdicts, ['allowed', 'needs-review', 'denied'])}
            </dd>
          </div>
          <div className="kv-row">
            <dt>Artifacts</dt>
            <dd>
              {s.artifacts}: {countText(s.statuses, ['allowed', 'needs-review', 'invalid', 'denied'])}
            </dd>
          </div>
          <div className="kv-row">
            <dt>Data by access</dt>
            <dd>
              {countText(s.classifications, ['public', 'internal', 'restricted', 'confidential', 'unclassified'])}
            </dd>
          </div>
          <div className="kv-row">
            <dt>Grants</dt>
            <dd>{countText(s.grants, ['active', 'expired', 'revoked'])}</dd>
          </div>
          <div className="kv-row">
            <dt>Access events</dt>
            <dd>
              {s.accessEvents}: {countText(s.accessOutcomes, ['allowed', 'granted', 'override', 'refused'])}
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="rep-bundles">
        <h3 id="rep-bundles">Bundles ({report.bundles.length})</h3>
        <table className="table report-table">
          <thead>
            <tr>
              <th>Bundle</th>
              <th>Digest</th>
              <th>Verdict</th>
              <th>Artifacts</th>
              <th>Evaluated</th>
            </tr>
          </thead>
          <tbody>
            {report.bundles.map((b) => (
              <tr key={b.bundleDigest}>
                <td>{b.name}</td>
                <td>
                  <code className="digest-wrap">{b.bundleDigest}</code>
                </td>
                <td>
                  <LicenseBadge status={b.verdict} />
                </td>
                <td>{b.artifacts.length}</td>
                <td>
                  {formatDate(b.evaluatedAt)} (policy v{b.policyVersion})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="rep-attention">
        <h3 id="rep-attention">Artifacts that are not allowed ({attention.length})</h3>
        {attention.length === 0 ? (
          <p>Every artifact is allowed under this policy.</p>
        ) : (
          <table className="table report-table">
            <thead>
              <tr>
                <th>Bundle</th>
                <th>Artifact</th>
                <th>License</th>
                <th>Status</th>
                <th>Reason and suggestion</th>
              </tr>
            </thead>
            <tbody>
              {attention.map(({ bundle, a }) => (
                <tr key={`${bundle.bundleDigest}/${a.path}`}>
                  <td>{bundle.name}</td>
                  <td>
                    <code>{a.path}</code> <span className="muted">({a.role})</span>
                  </td>
                  <td>
                    <code>{a.expression ?? '(none)'}</code>
                  </td>
                  <td>
                    <LicenseBadge status={a.status} />
                  </td>
                  <td>
                    {a.reason}
                    {a.suggestion ? (
                      <>
                        <br />
                        <strong>Suggested:</strong> <code>{a.suggestion}</code>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="rep-guarded">
        <h3 id="rep-guarded">Restricted and confidential data ({guarded.length})</h3>
        {guarded.length === 0 ? (
          <p>No bundle holds restricted or confidential data.</p>
        ) : (
          <table className="table report-table">
            <thead>
              <tr>
                <th>Bundle</th>
                <th>Data set</th>
                <th>Access</th>
                <th>Active grants</th>
                <th>Last access</th>
              </tr>
            </thead>
            <tbody>
              {guarded.map(({ bundle, a }) => (
                <tr key={`${bundle.bundleDigest}/${a.path}`}>
                  <td>{bundle.name}</td>
                  <td>
                    <code>{a.path}</code>
                  </td>
                  <td>{a.classification}</td>
                  <td>{a.activeGrants}</td>
                  <td>{a.lastAccess ? formatDate(a.lastAccess, true) : 'never'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="rep-grants">
        <h3 id="rep-grants">Grants ({report.grants.length})</h3>
        {report.grants.length === 0 ? (
          <p>No grants.</p>
        ) : (
          <table className="table report-table">
            <thead>
              <tr>
                <th>Grantee</th>
                <th>Data set</th>
                <th>Agreement</th>
                <th>Granted</th>
                <th>Expires</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {report.grants.map((g) => (
                <tr key={g.id}>
                  <td>{g.grantee}</td>
                  <td>
                    <code>{g.datasetPath}</code>
                  </td>
                  <td>{g.agreement}</td>
                  <td>
                    {formatDate(g.grantedAt)} by {g.grantedBy}
                  </td>
                  <td>{g.expiresAt ? formatDate(g.expiresAt) : 'never'}</td>
                  <td>
                    {g.state}
                    {g.revokeReason ? `: ${g.revokeReason}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="rep-events">
        <h3 id="rep-events">
          Overrides and refusals ({notable.length} of {plural(report.accessEvents.length, 'access event')})
        </h3>
        {notable.length === 0 ? (
          <p>No access was overridden or refused.</p>
        ) : (
          <table className="table report-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Who</th>
                <th>What for</th>
                <th>Outcome</th>
                <th>Data set</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {notable.map((e) => (
                <tr key={e.id}>
                  <td>{formatDate(e.time, true)}</td>
                  <td>{e.actor}</td>
                  <td>{e.purpose}</td>
                  <td>{e.outcome}</td>
                  <td>
                    <code>{e.datasetPath}</code> in {e.bundleName ?? e.bundleDigest.slice(0, 12)}
                  </td>
                  <td>{e.outcome === 'override' ? e.overrideReason : e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}
