import { useEffect, useId, useState, type FormEvent } from 'react';
import { hrefFor } from '../../app/routes';
import { Notice } from '../../components/notice';
import { ProgressBar } from '../../components/progress-bar';
import { VerdictBadge } from '../../components/verdict-badge';
import { plural } from '../../components/format';
import { useAppStore } from '../../store/app-store';
import { replayBusy, type ReplayRun } from '../../store/replays-slice';
import { formatElapsed, formatRowsPerSec } from './replay-format';
import { ReplayHistoryTable } from './replay-history-table';
import '../../styles/replays.css';

/** The bundle page's Replay card: start a replay (batch size folded away), its progress, then its history. */
export function BundleReplays({
  digest,
  replayable,
  batchSize,
}: {
  digest: string;
  replayable: boolean;
  batchSize: number | null;
}) {
  const run = useAppStore((s) => s.replays.run);
  const history = useAppStore((s) => s.replays.history);
  const loadHistory = useAppStore((s) => s.loadReplayHistory);
  useEffect(() => {
    void loadHistory(digest);
  }, [digest, loadHistory]);

  const running = run.digest === digest;
  const mine = history.key === digest;
  const rows = mine ? history.rows : [];
  return (
    <section className="card" aria-labelledby="sec-replay">
      <h2 id="sec-replay">Replay</h2>
      <p className="muted replay-intro">
        Re-runs the evaluation on this machine, in a separate process, and checks each reported metric within the
        tolerance the bundle declares.
      </p>
      {running && run.phase !== 'idle' && <RunStatus run={run} />}
      {/* Once a replay has finished, the next can start at once; its outcome stays above until dismissed. */}
      {running && replayBusy(run) ? null : replayable ? (
        <StartForm digest={digest} declared={batchSize} otherRunning={replayBusy(run)} />
      ) : (
        <p>This bundle has no data/replay.json, so there is nothing to replay.</p>
      )}
      <h3 className="replay-subhead">History</h3>
      {history.error && mine ? (
        <Notice tone="error" title="Could not load this bundle's replays">
          <p>{history.error}</p>
        </Notice>
      ) : rows.length === 0 ? (
        <p className="muted" data-testid="replay-history-empty">
          {history.loaded || !history.loading
            ? 'Not replayed yet. Every replay is kept here, whatever its verdict.'
            : 'Loading…'}
        </p>
      ) : (
        <ReplayHistoryTable rows={rows} caption="Replays of this bundle, newest first" />
      )}
      {history.total > rows.length && mine && (
        <p className="muted">
          Showing the newest {rows.length} of {history.total}.
        </p>
      )}
    </section>
  );
}

function StartForm({
  digest,
  declared,
  otherRunning,
}: {
  digest: string;
  declared: number | null;
  otherRunning: boolean;
}) {
  const start = useAppStore((s) => s.startReplay);
  const [batch, setBatch] = useState('');
  const [override, setOverride] = useState('');
  const id = useId();
  const parsed = batch.trim() === '' ? undefined : Number(batch);
  const invalid = parsed !== undefined && !(Number.isInteger(parsed) && parsed >= 1 && parsed <= 1_000_000);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!invalid && !otherRunning) void start(digest, parsed, override.trim() || undefined);
  };
  return (
    <form className="replay-start" onSubmit={submit}>
      <button type="submit" className="btn btn-primary" disabled={invalid || otherRunning}>
        <span aria-hidden="true">↻</span> Replay
      </button>
      {otherRunning && (
        <span className="muted">Another bundle is being replayed; one replay runs at a time from this window.</span>
      )}
      <details className="replay-options">
        <summary>Options</summary>
        <label htmlFor={id}>Batch size (rows per inference call)</label>
        <input
          id={id}
          className="input"
          type="number"
          min={1}
          max={1_000_000}
          step={1}
          inputMode="numeric"
          placeholder={declared ? `${declared} (as replay.json says)` : 'as replay.json says'}
          value={batch}
          onChange={(e) => setBatch(e.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={`${id}-hint`}
        />
        <span id={`${id}-hint`} className={invalid ? 'field-error' : 'muted'}>
          {invalid
            ? 'A whole number from 1 to 1,000,000.'
            : 'Results must not depend on it beyond floating-point noise; leave empty for the declared size.'}
        </span>
        <label htmlFor={`${id}-override`}>Override reason (restricted or confidential data without a grant)</label>
        <input
          id={`${id}-override`}
          className="input"
          type="text"
          maxLength={2000}
          placeholder="Only when you have no grant; the reason is recorded in the audit log"
          value={override}
          onChange={(e) => setOverride(e.target.value)}
        />
      </details>
    </form>
  );
}

function RunStatus({ run }: { run: ReplayRun }) {
  const { cancelReplay, dismissReplay } = useAppStore.getState();
  const dismiss = (
    <button type="button" className="btn btn-small" onClick={dismissReplay}>
      Dismiss
    </button>
  );
  if (run.error) {
    return (
      <Notice tone="error" title="Could not replay">
        <p>{run.error}</p>
        {dismiss}
      </Notice>
    );
  }
  const job = run.job;
  if (!job || job.state === 'running') {
    const p = job?.progress;
    return (
      <div className="replay-progress" data-testid="replay-progress">
        <span className="visually-hidden" aria-live="polite">
          Replay {p?.stage ?? 'starting'}
        </span>
        <div className="import-status-head">
          <strong>Replaying…</strong>
          <span className="stage">{p?.stage ?? 'starting'}</span>
        </div>
        <ProgressBar done={0} total={0} label="Replay progress (the number of rows is known only at the end)" />
        <div className="import-stats">
          <span>{plural(p?.rowsDone ?? 0, 'row')}</span>
          <span>{formatRowsPerSec(p?.rowsPerSec ?? 0)}</span>
          <span>{formatElapsed(p?.elapsedMs ?? 0)} elapsed</span>
          <button type="button" className="btn btn-small" onClick={() => void cancelReplay()} disabled={!job}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  if (job.state === 'cancelled') {
    return (
      <Notice tone="info" title="Replay cancelled">
        <p>A cancelled replay is no verdict: nothing was kept.</p>
        {dismiss}
      </Notice>
    );
  }
  if (job.state === 'failed' || !job.result) {
    return (
      <Notice tone="error" title="The replay did not finish">
        <p>{job.error?.message ?? 'No outcome came back.'}</p>
        {dismiss}
      </Notice>
    );
  }
  const o = job.result;
  return (
    <div className={`replay-done replay-done-${o.verdict}`} data-testid="replay-done" role="status">
      <VerdictBadge verdict={o.verdict} />
      <span className="replay-done-reason">{o.reason}</span>
      <span className="replay-done-actions">
        {job.replayId && (
          <a className="btn btn-small btn-primary" href={hrefFor('replays', job.replayId)}>
            Open the result
          </a>
        )}
        {dismiss}
      </span>
    </div>
  );
}
