import type { Dashboard } from '../../../src-main/common/schemas/dashboard';
import { hrefFor } from '../../app/routes';
import { formatDate, plural } from '../../components/format';
import { approvalCountText } from '../../../src-main/common/approval-count';
import { Card } from './dash-card';

export function ApprovalsCard({ approvals }: { approvals: Dashboard['approvals'] }) {
  const title = approvals.identity ? 'Waiting for your approval' : 'Waiting for a decision';
  return (
    <Card title={title} action={<a href={hrefFor('approvals')}>Approvals →</a>}>
      {!approvals.identity && (
        <p className="muted small">
          This store has no signing identity yet: <a href={hrefFor('approvals')}>create one</a> to approve or reject
          replications.
        </p>
      )}
      {approvals.waiting === 0 ? (
        <p className="muted">Nothing waits{approvals.identity ? ' for you' : ''}.</p>
      ) : (
        <>
          <ul className="dash-list">
            {approvals.items.map((it) => {
              // The card already says when there is no identity; the first other blocking rule is the news.
              const why = it.blocking.find((r) => r.id !== 'identity');
              return (
                <li key={it.bundleDigest}>
                  <a href={hrefFor('bundles', it.bundleDigest)}>{it.name}</a>
                  {it.ownerRequired && <span className="badge badge-weak">owner</span>}
                  <span className="muted small">
                    {it.author ? `by ${it.author}, ` : ''}imported {formatDate(it.importedAt)}; {approvalCountText(it)}
                  </span>
                  {why && <span className="dash-list-why small">{why.message}</span>}
                </li>
              );
            })}
          </ul>
          {approvals.waiting > approvals.items.length && (
            <p className="small">
              <a href={hrefFor('approvals')}>
                {plural(approvals.waiting - approvals.items.length, 'more bundle')} in the inbox →
              </a>
            </p>
          )}
        </>
      )}
    </Card>
  );
}

export function LicenseAlertsCard({ licenses }: { licenses: Dashboard['licenses'] }) {
  const quiet =
    licenses.denied +
      licenses.needsReview +
      licenses.expiringGrants.length +
      licenses.refusedAccess +
      licenses.overrides ===
    0;
  return (
    <Card title="License and access alerts" action={<a href={hrefFor('licenses')}>Licenses &amp; Access →</a>}>
      {quiet ? (
        <p className="muted">
          Every bundle is allowed under the policy; no grant expires within 14 days; no access was refused or overridden
          in 30 days.
        </p>
      ) : (
        <ul className="dash-list dash-alerts">
          {licenses.denied > 0 && (
            <li className="dash-alert-bad">
              <a href={hrefFor('licenses', null, { status: 'denied' })}>
                {plural(licenses.denied, 'bundle')} denied by the license policy
              </a>
            </li>
          )}
          {licenses.needsReview > 0 && (
            <li className="dash-alert-warn">
              <a href={hrefFor('licenses', null, { status: 'needs-review' })}>
                {plural(licenses.needsReview, 'bundle')} with licenses to review
              </a>
            </li>
          )}
          {licenses.expiringGrants.map((g) => (
            <li key={g.id} className="dash-alert-warn">
              <a href={hrefFor('licenses', null, { tab: 'grants' })}>
                {g.grantee}’s grant to {g.datasetPath} expires {formatDate(g.expiresAt)}
              </a>
            </li>
          ))}
          {licenses.refusedAccess > 0 && (
            <li className="dash-alert-bad">
              <a href={hrefFor('licenses', null, { tab: 'log' })}>
                {plural(licenses.refusedAccess, 'access', 'accesses')} to restricted data refused in 30 days
              </a>
            </li>
          )}
          {licenses.overrides > 0 && (
            <li className="dash-alert-warn">
              <a href={hrefFor('licenses', null, { tab: 'log' })}>
                {plural(licenses.overrides, 'access', 'accesses')} let through by an override in 30 days
              </a>
            </li>
          )}
        </ul>
      )}
    </Card>
  );
}

export function DriftCard({ drift }: { drift: Dashboard['drift'] }) {
  return (
    <Card title="Drift alerts">
      {drift.open === 0 ? (
        <p className="muted">
          {drift.total === 0
            ? 'No drift: no data set changed under an origin or a pipeline already held, nor a module or package of a pipeline.'
            : `All ${plural(drift.total, 'alert')} revalidated by a later replay or dismissed.`}
        </p>
      ) : (
        <>
          <p className="small">
            {plural(drift.open, 'alert')} wait for revalidation: replay the bundle to close one, or dismiss it on its
            page, saying why.
          </p>
          <ul className="dash-list dash-alerts">
            {drift.latest.map((a) => (
              <li key={a.id} className={a.kind === 'data' ? 'dash-alert-bad' : 'dash-alert-warn'}>
                <a href={hrefFor('bundles', a.bundleDigest)}>{a.name}</a>
                <span className="small">
                  {a.message}; compared with {a.earlierName ?? 'a bundle no longer in the store'} (
                  {a.earlierDigest.slice(0, 8)})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
