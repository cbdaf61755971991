import { useEffect, useRef, useState } from 'react';
import { hrefFor } from '../../app/routes';
import { EmptyState } from '../../components/empty-state';
import { formatBytes, formatDate, plural, shortDigest } from '../../components/format';
import { Notice } from '../../components/notice';
import { useAppStore } from '../../store/app-store';
import { useAction } from '../../store/use-action';
import { call } from '../../api/client';
import { jobPoll } from '../../store/job-poll';
import { errorText } from '../../store/loadable';
import type { ImportJob } from '../../../src-main/common/schemas/job';
import { useCall } from '../../store/use-call';
import type { RegistryBundle, SyncProgress, SyncResult } from '../../../src-main/common/schemas/registry';
import { ProgressBar } from '../../components/progress-bar';
import { ReplicationBadge } from '../../components/replication-badge';
import { toneBadgeClass } from '../../components/states';
import { registrySyncBusy } from '../../store/registry-slice';
import '../../styles/registry.css';

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

/**
 * A published bundle's state in the shared vocabulary, so it reads as it does in Bundles and on the dashboard;
 * `unverified` is the CLI's listing without a store (the app always has one).
 */
function RegistryStateBadge({ state }: { state: RegistryBundle['state'] }) {
  if (state !== 'unverified') return <ReplicationBadge state={state} />;
  return (
    <span className={toneBadgeClass('neutral')} data-state={state} title="No team to verify decisions against">
      Unverified
    </span>
  );
}

/** Who holds the state, and who reproduced it when that is not the state itself. */
function stateHolders(b: RegistryBundle): string {
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
  return `${by.length ? ` by ${by.join(', ')}` : ''}${reproduced}`;
}

/**
 * Pull and import as an import job: the download's bytes, then the import's stages, with a Cancel; polled while the
 * row is shown (the job goes on in the core if the screen is left, and shows in the bundle list when done).
 */
function usePullJob(onPulled: () => void) {
  const [state, setState] = useState<{ busy: boolean; job: ImportJob | null; error: string | null }>({
    busy: false,
    job: null,
    error: null,
  });
  const done = useRef(onPulled);
  done.current = onPulled;
  const [poll] = useState(() =>
    jobPoll<ImportJob>({
      every: 250,
      status: (jobId) => call('import:status', { jobId }),
      running: (job) => setState({ busy: true, job, error: null }),
      finished: (job) => {
        setState({ busy: false, job, error: null });
        if (job.state === 'done') done.current();
      },
      failed: (e) => setState((s) => ({ ...s, busy: false, error: errorText(e) })),
    }),
  );
  useEffect(() => () => poll.stop(), [poll]);
  return {
    ...state,
    async start(reference: string) {
      setState({ busy: true, job: null, error: null });
      try {
        const { jobId } = await call('registry:pullStart', { reference });
        await poll.follow(jobId);
      } catch (e) {
        setState({ busy: false, job: null, error: errorText(e) });
      }
    },
    async cancel() {
      if (state.job?.state === 'running') await call('import:cancel', { jobId: state.job.id }).catch(() => undefined);
    },
  };
}

function BundleRow({ bundle: b, onPulled }: { bundle: RegistryBundle; onPulled: () => void }) {
  const pull = usePullJob(onPulled);
  const done = pull.job?.state === 'done' ? pull.job.result : null;
  const ended = pull.job && pull.job.state !== 'done' && pull.job.state !== 'running' ? pull.job : null;
  const p = pull.busy ? pull.job?.progress : undefined;
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
        <RegistryStateBadge state={b.state} />
        {stateHolders(b)}
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
        ) : pull.busy ? (
          <div className="registry-pull-progress" data-testid="pull-progress">
            <ProgressBar
              done={p?.bytesDone ?? 0}
              total={p?.bytesTotal ?? 0}
              label={`Pull progress: ${p?.stage ?? 'starting'}`}
            />
            <div className="muted small">
              {p?.stage === 'download'
                ? 'Downloading'
                : p && p.stage !== 'queued'
                  ? `Importing: ${p.stage}`
                  : 'Asking the registry'}
              {p && p.bytesTotal > 0 ? ` · ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}` : ''}{' '}
              <button type="button" className="btn btn-small" onClick={() => void pull.cancel()} disabled={!pull.job}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void pull.start(b.reference)}
            aria-label={`Pull and import ${b.name ?? b.reference}`}
          >
            Pull and import
          </button>
        )}
        {ended && (
          <div className={`small ${ended.state === 'cancelled' ? 'muted' : 'error'}`} role="alert">
            {ended.state === 'cancelled' ? 'Pull cancelled: nothing was imported' : (ended.error?.message ?? 'failed')}
          </div>
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
  const sync = useAppStore((s) => s.registrySync);
  const { startRegistrySync, cancelRegistrySync } = useAppStore.getState();
  const busy = registrySyncBusy(sync);
  const mine = sync.repository === repository;
  const job = mine ? sync.job : null;
  const asks = storeKey?.passphrase ?? 'none';
  // The listing shows what a finished sync moved (teammates' approvals), cancelled ones included.
  const finishedId = mine && sync.phase === 'finished' ? (job?.id ?? null) : null;
  const reload = useRef(onDone);
  reload.current = onDone;
  useEffect(() => {
    if (finishedId) reload.current();
  }, [finishedId]);
  const run = async () => {
    const passphrase = pass.current?.value || undefined;
    if (pass.current) pass.current.value = '';
    await startRegistrySync({ repository, checkpoint, ...(passphrase ? { passphrase } : {}) });
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
        {/* Until the store key's state is known, whether a passphrase is asked is not: no sync yet. */}
        <button type="button" className="btn" onClick={() => void run()} disabled={busy || (checkpoint && !storeKey)}>
          {busy ? 'Syncing…' : 'Sync now'}
        </button>
      </div>
      {mine && busy && (
        <div className="registry-sync-progress" data-testid="sync-progress">
          <ProgressBar
            done={job?.progress.done ?? 0}
            total={job?.progress.total ?? 0}
            label={`Sync progress: ${job?.progress.text ?? 'starting'}`}
          />
          <div className="input-row">
            <span aria-live="polite">
              {job?.progress.text ?? 'Starting'}
              {job && <SyncCounts progress={job.progress} />}
            </span>
            <button
              type="button"
              className="btn btn-small push-right"
              onClick={() => void cancelRegistrySync()}
              disabled={!job}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {mine && sync.error && (
        <Notice tone="error" title="Sync failed">
          <p>{sync.error}</p>
        </Notice>
      )}
      {job?.state === 'failed' && (
        <Notice tone="error" title="Sync failed">
          <p>{job.error?.message ?? 'the sync failed'}</p>
        </Notice>
      )}
      {job?.state === 'cancelled' && (
        <div data-testid="sync-cancelled">
          <Notice tone="warning" title="Sync cancelled">
            <p>{job.error?.message ?? 'Sync cancelled'}</p>
          </Notice>
        </div>
      )}
      {job?.state === 'done' && job.result && <SyncOutcome result={job.result} />}
    </section>
  );
}

function SyncCounts({ progress: p }: { progress: SyncProgress }) {
  return (
    <span className="muted">
      {' '}
      · so far {plural(p.pushedDecisions, 'decision')} pushed, {p.importedDecisions} imported,{' '}
      {plural(p.witnesses, 'witness', 'witnesses')}
    </span>
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
