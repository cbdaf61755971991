import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { useAction } from '../../store/use-action';
import { Notice } from '../../components/notice';
import { formatDate, shortDigest } from '../../components/format';
import type { Grant } from '../../../src-main/common/schemas/licenses';

export interface GrantPrefill {
  dataset: string;
  bundle: string | null;
  label: string;
}

const STATE_TONE: Record<Grant['state'], string> = { active: 'ok', expired: 'warn', revoked: 'bad' };

/** datetime-local gives local wall time without a zone; the core takes ISO UTC. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function GrantForm({ prefill, onDone }: { prefill: GrantPrefill | null; onDone(): void }) {
  const adding = useAction(useAppStore((s) => s.addGrant));
  const [f, setF] = useState({
    grantee: '',
    dataset: prefill?.dataset ?? '',
    bundle: prefill?.bundle ?? '',
    agreement: '',
    expires: '',
  });
  const { error, busy } = adding;
  useEffect(() => {
    if (prefill) setF((cur) => ({ ...cur, dataset: prefill.dataset, bundle: prefill.bundle ?? '' }));
  }, [prefill]);
  const submit = async () => {
    const expiresAt = toIso(f.expires);
    const done = await adding.run({
      grantee: f.grantee,
      dataset: f.dataset,
      agreement: f.agreement,
      ...(f.bundle.trim() ? { bundle: f.bundle.trim() } : {}),
      ...(expiresAt ? { expiresAt } : {}),
    });
    if (done) {
      setF({ grantee: '', dataset: '', bundle: '', agreement: '', expires: '' });
      onDone();
    }
  };
  const field = (key: keyof typeof f, label: string, props: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={`grant-${key}`}>{label}</label>
      <input
        id={`grant-${key}`}
        className="input"
        value={f[key]}
        onChange={(e) => setF({ ...f, [key]: e.target.value })}
        {...props}
      />
    </div>
  );
  return (
    <form
      className="grant-form"
      aria-label="Add a grant"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {prefill && <p className="muted small">For {prefill.label}</p>}
      <div className="form-grid">
        {field('grantee', 'Grantee', { required: true, placeholder: 'user name or e-mail', autoComplete: 'off' })}
        {field('dataset', 'Data set', { required: true, placeholder: 'file SHA-256 or path', className: 'input mono' })}
        {field('bundle', 'Only in bundle (optional)', { placeholder: 'bundle digest', className: 'input mono' })}
        {field('agreement', 'Agreement', { required: true, placeholder: 'e.g. DUA-2026-07' })}
        {field('expires', 'Expires (optional)', { type: 'datetime-local' })}
      </div>
      {error && (
        <Notice tone="error" title="The grant was not added">
          <p>{error}</p>
        </Notice>
      )}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add grant'}
        </button>
      </div>
    </form>
  );
}

function RevokeCell({ grant }: { grant: Grant }) {
  const revoking = useAction(useAppStore((s) => s.revokeGrant));
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (grant.state === 'revoked')
    return (
      <span className="muted small" title={grant.revokeReason ?? undefined}>
        by {grant.revokedBy}: {grant.revokeReason}
      </span>
    );
  if (!open)
    return (
      <button
        type="button"
        className="btn btn-small"
        onClick={() => setOpen(true)}
        aria-label={`Revoke the grant for ${grant.grantee} on ${grant.datasetPath}`}
      >
        Revoke…
      </button>
    );
  return (
    <form
      className="input-row"
      onSubmit={(e) => {
        e.preventDefault();
        void revoking.run(grant.id, reason);
      }}
    >
      <input
        className="input input-small"
        aria-label="Reason for revoking"
        placeholder="Reason (required)"
        required
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        autoFocus
      />
      <button type="submit" className="btn btn-small">
        Revoke
      </button>
      <button type="button" className="btn btn-small btn-ghost" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {revoking.error && <span className="text-error small">{revoking.error}</span>}
    </form>
  );
}

/** Who may use which restricted or confidential data set, under which agreement, until when. */
export function GrantsPanel({ prefill }: { prefill: GrantPrefill | null }) {
  const g = useAppStore((s) => s.grants);
  const loadGrants = useAppStore((s) => s.loadGrants);
  const [added, setAdded] = useState(false);
  useEffect(() => {
    void loadGrants();
  }, [loadGrants]);
  return (
    <div className="stack">
      <section className="card" aria-labelledby="sec-grant-add">
        <h2 id="sec-grant-add">Add a grant</h2>
        <p className="muted small">
          Restricted and confidential data can be opened, replayed or exported only by a grantee with an active grant,
          or with an override reason that is audited.
        </p>
        <GrantForm prefill={prefill} onDone={() => setAdded(true)} />
        {added && (
          <p className="visually-hidden" role="status">
            Grant added.
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="sec-grants">
        <h2 id="sec-grants">Grants ({g.rows.length})</h2>
        {g.error && (
          <Notice tone="error" title="Could not load the grants">
            <p>{g.error}</p>
          </Notice>
        )}
        {g.loaded && g.rows.length === 0 ? (
          <p className="muted">No grants yet. Add one above, or from an artifact’s details in the table.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Grants">
              <thead>
                <tr>
                  <th>Grantee</th>
                  <th>Data set</th>
                  <th>Agreement</th>
                  <th>Granted</th>
                  <th>Expires</th>
                  <th>State</th>
                  <th>Revoke</th>
                </tr>
              </thead>
              <tbody>
                {g.rows.map((x) => (
                  <tr key={x.id}>
                    <td>{x.grantee}</td>
                    <td>
                      <code title={x.datasetSha256 ?? undefined}>{x.datasetPath}</code>
                      <div className="muted small">
                        {x.bundleDigest ? `in bundle ${shortDigest(x.bundleDigest)}` : 'in any bundle'}
                      </div>
                    </td>
                    <td>{x.agreement}</td>
                    <td title={x.grantedAt}>
                      {formatDate(x.grantedAt)}
                      <div className="muted small">by {x.grantedBy}</div>
                    </td>
                    <td title={x.expiresAt ?? undefined}>{x.expiresAt ? formatDate(x.expiresAt) : 'never'}</td>
                    <td>
                      <span className={`badge badge-tone-${STATE_TONE[x.state]}`}>{x.state}</span>
                    </td>
                    <td>
                      <RevokeCell grant={x} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
