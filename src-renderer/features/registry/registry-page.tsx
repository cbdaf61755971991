import { useEffect, useRef, useState } from 'react';
import { hrefFor } from '../../app/routes';
import { EmptyState } from '../../components/empty-state';
import { formatBytes, formatDate, plural, shortDigest } from '../../components/format';
import { Notice } from '../../components/notice';
import { useAppStore } from '../../store/app-store';
import { useAction } from '../../store/use-action';
import { useCall } from '../../store/use-call';
import type { RegistryBundle, SyncResult } from '../../../src-main/common/schemas/registry';
import '../../styles/registry.css';

const STATE_WORDS: Record<RegistryBundle['state'], string> = {
  pending: 'Pending',
  reproduced: 'Reproduced',
  approved: 'Approved',
  rejected: 'Rejected',
};

/**
 * "Team registry": a repository's bundles (name, claimed signer, state from the decisions that verify under the
 * team, size, pushed when), pull and import in one action, publish a stored bundle, sync. Credentials stay in the core.
 */
export function RegistryPage() {
  const settings = useCall('registry:settings', {});
  const registries = settings.data?.registries ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const repository = picked ?? registries[0]?.repository ?? null;
  const listing = useCall('registry:list', repository ? { repository } : null, { keep: true });
  if (settings.data && registries.length === 0) {
    return (
      <div className="page">
        <div className="page-head">
          <h1>Team registry</h1>
        </div>
        <EmptyState title="No registry set" icon="⇅">
          <p>
            A team shares bundles, decisions and audit checkpoints through an OCI registry it already runs (Harbor,
            GitHub or GitLab container registries, ECR, Zot, the CNCF Distribution registry).
          </p>
          <p>
            <strong>How to get here:</strong> add the team repository (for example{' '}
            <code>registry.example.org/team/runs</code>) in Settings. Credentials come from your Docker config (
            <code>docker login</code>), never from this app.
          </p>
          <a className="btn" href={hrefFor('settings')}>
            Go to Settings
          </a>
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="page registry-page">
      <div className="page-head">
        <h1>Team registry</h1>
        {registries.length > 1 && (
          <select
            className="input push-right"
            aria-label="Registry"
            value={repository ?? ''}
            onChange={(e) => setPicked(e.target.value)}
          >
            {registries.map((r) => (
              <option key={r.name} value={r.repository}>
                {r.name} — {r.repository}
              </option>
            ))}
          </select>
        )}
      </div>
      {repository && <SyncCard repository={repository} onDone={listing.reload} />}
      {repository && <PublishCard repository={repository} onDone={listing.reload} />}
      <section className="card" aria-labelledby="sec-registry-bundles">
        <h2 id="sec-registry-bundles">
          Bundles in <code>{repository}</code>{' '}
          <button type="button" className="btn btn-small" onClick={listing.reload} disabled={listing.loading}>
            {listing.loading ? 'Loading…' : 'Refresh'}
          </button>
        </h2>
        {listing.error && (
          <Notice tone="error" title="Could not read the registry">
            <p>{listing.error}</p>
          </Notice>
        )}
        {listing.data && listing.data.bundles.length === 0 && (
          <p className="muted">
            No bundles yet: publish one below, or with <code>provdesk push</code>.
          </p>
        )}
        {listing.data && listing.data.bundles.length > 0 && (
          <BundleTable bundles={listing.data.bundles} onPulled={listing.reload} />
        )}
      </section>
    </div>
  );
}

function BundleTable({ bundles, onPulled }: { bundles: RegistryBundle[]; onPulled: () => void }) {
  return (
    <div className="table-wrap">
      <table className="table table-compact registry-table" data-testid="registry-bundles">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Signer (claimed)</th>
            <th scope="col">State</th>
            <th scope="col">Size</th>
            <th scope="col">Pushed</th>
            <th scope="col">
              <span className="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {bundles.map((b) => (
            <BundleRow key={b.manifestDigest} bundle={b} onPulled={onPulled} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function stateText(b: RegistryBundle): string {
  const by =
    b.state === 'approved'
      ? b.approvedBy
      : b.state === 'rejected'
        ? b.rejectedBy
        : b.state === 'reproduced'
          ? b.reproducedBy
          : [];
  const reproduced =
    b.state !== 'reproduced' && b.reproducedBy.length > 0 ? `; reproduced by ${b.reproducedBy.join(', ')}` : '';
  return `${STATE_WORDS[b.state]}${by.length ? ` by ${by.join(', ')}` : ''}${reproduced}`;
}

function BundleRow({ bundle: b, onPulled }: { bundle: RegistryBundle; onPulled: () => void }) {
  const pull = useAction('registry:pull');
  const done = pull.data;
  return (
    <tr data-testid="registry-row">
      <th scope="row">
        {b.name ?? '(no name)'}
        <div className="muted small">
          <code>{b.reference.split('/').slice(1).join('/')}</code> · {shortDigest(b.bundleDigest)}
        </div>
      </th>
      <td>{b.signer ?? <span className="muted">unsigned</span>}</td>
      <td>
        <span className={`registry-state registry-state-${b.state}`}>{stateText(b)}</span>
        {b.unverifiedDecisions > 0 && (
          <div className="muted small">
            {plural(b.unverifiedDecisions, 'decision')} that do not verify (not counted)
          </div>
        )}
      </td>
      <td>{formatBytes(b.size)}</td>
      <td>{formatDate(b.pushedAt)}</td>
      <td>
        {b.inStore || done?.bundleDigest ? (
          <a href={hrefFor('bundles', done?.bundleDigest ?? b.bundleDigest)}>
            {done?.imported ? 'Imported: open' : 'In this store: open'}
          </a>
        ) : (
          <button
            type="button"
            className="btn btn-small"
            disabled={pull.busy}
            onClick={async () => (await pull.run({ reference: b.reference })) && onPulled()}
            aria-label={`Pull and import ${b.name ?? b.reference}`}
          >
            {pull.busy ? 'Pulling…' : 'Pull and import'}
          </button>
        )}
        {pull.error && (
          <div className="error small" role="alert">
            {pull.error}
          </div>
        )}
        {done?.refused && (
          <div className="error small" role="alert">
            Refused: {done.problems[0]?.message ?? 'it does not verify'}
          </div>
        )}
      </td>
    </tr>
  );
}

function PublishCard({ repository, onDone }: { repository: string; onDone: () => void }) {
  const stored = useCall('bundles:list', { sort: 'importedAt', direction: 'desc', offset: 0, limit: 500 });
  const [digest, setDigest] = useState('');
  const push = useAction('registry:push');
  const options = stored.data?.bundles ?? [];
  return (
    <section className="card" aria-labelledby="sec-publish">
      <h2 id="sec-publish">Publish a stored bundle</h2>
      <div className="input-row">
        <select
          className="input"
          aria-label="Bundle to publish"
          value={digest}
          onChange={(e) => (setDigest(e.target.value), push.reset())}
        >
          <option value="">Choose a bundle…</option>
          {options.map((b) => (
            <option key={b.bundleDigest} value={b.bundleDigest}>
              {b.name} ({shortDigest(b.bundleDigest)})
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn"
          disabled={!digest || push.busy}
          onClick={async () => (await push.run({ digest, repository })) && onDone()}
        >
          {push.busy ? 'Publishing…' : 'Publish'}
        </button>
      </div>
      {push.error && (
        <Notice tone="error" title="Not published">
          <p>{push.error}</p>
        </Notice>
      )}
      {push.data && (
        <Notice tone="success" title={`Published as ${push.data.reference}`}>
          <p>
            Manifest <code>{shortDigest(push.data.manifestDigest.replace(/^sha256:/, ''), 16)}</code>,{' '}
            {formatBytes(push.data.size)}
            {push.data.signer ? `, signed by ${push.data.signer.name}` : ', unsigned'}.
          </p>
        </Notice>
      )}
    </section>
  );
}

function SyncCard({ repository, onDone }: { repository: string; onDone: () => void }) {
  const storeKey = useAppStore((s) => s.audit.storeKey.data);
  const loadStoreKey = useAppStore((s) => s.loadStoreKey);
  useEffect(() => void loadStoreKey(), [loadStoreKey]);
  const pass = useRef<HTMLInputElement>(null);
  const [checkpoint, setCheckpoint] = useState(true);
  const sync = useAction('registry:sync');
  const asks = storeKey?.passphrase ?? 'none';
  const run = async () => {
    sync.reset();
    const passphrase = pass.current?.value || undefined;
    const out = await sync.run({ repository, checkpoint, ...(passphrase ? { passphrase } : {}) });
    if (pass.current) pass.current.value = '';
    if (out) onDone();
  };
  return (
    <section className="card" aria-labelledby="sec-sync">
      <h2 id="sec-sync">Sync</h2>
      <p className="muted">
        Pushes this store’s decisions and a signed checkpoint of its audit log; pulls the team’s decisions (verified and
        counted) and their checkpoints, kept as witnesses.
      </p>
      <div className="input-row">
        <label className="checkbox registry-nowrap">
          <input type="checkbox" checked={checkpoint} onChange={(e) => setCheckpoint(e.target.checked)} /> Push a
          checkpoint of this store
        </label>
        {checkpoint && asks !== 'none' && (
          <input
            ref={pass}
            className="input"
            type="password"
            aria-label={asks === 'new' ? 'New passphrase for the store key' : 'Passphrase of the store key'}
            placeholder="Store key passphrase"
            autoComplete="off"
          />
        )}
        <button type="button" className="btn" onClick={() => void run()} disabled={sync.busy}>
          {sync.busy ? 'Syncing…' : 'Sync now'}
        </button>
      </div>
      {sync.error && (
        <Notice tone="error" title="Sync failed">
          <p>{sync.error}</p>
        </Notice>
      )}
      {sync.data && <SyncOutcome result={sync.data} />}
    </section>
  );
}

function SyncOutcome({ result: r }: { result: SyncResult }) {
  const bad = r.forks.length > 0 || r.chain.problems.length > 0;
  return (
    <div data-testid="sync-outcome">
      <Notice tone={bad ? 'error' : 'success'} title={bad ? 'Synced, with findings' : 'Synced'}>
        <ul>
          <li>
            Decisions: {r.pushedDecisions} pushed, {r.importedDecisions} imported
            {r.refusedDecisions.length ? `, ${r.refusedDecisions.length} refused` : ''}
          </li>
          <li>Checkpoint: {r.pushedCheckpoint ? `entry #${r.pushedCheckpoint.entries} pushed` : 'none pushed'}</li>
          <li>Witnesses: {plural(r.witnesses, 'new teammate checkpoint')}</li>
          <li>
            This store’s checkpoints in the registry: {r.chain.holding} of {r.chain.checked} hold
          </li>
        </ul>
        {r.forks.map((f) => (
          <p key={`${f.earlierSha256}-${f.laterSha256}`} data-testid="fork">
            <strong>Fork:</strong> {f.message}
          </p>
        ))}
        {r.chain.problems.map((p, i) => (
          <p key={i}>
            <strong>This store’s history:</strong> {p.message}
          </p>
        ))}
        {r.unpublished.length > 0 && (
          <p className="muted">
            Not published yet (publish them to share their decisions):{' '}
            {r.unpublished.map((d) => shortDigest(d)).join(', ')}
          </p>
        )}
      </Notice>
    </div>
  );
}
