import { hostKind } from '../../api/client';
import { useAppStore } from '../../store/app-store';
import { hrefFor } from '../../app/routes';
import { Notice } from '../../components/notice';
import { ProgressBar } from '../../components/progress-bar';
import { ProblemList } from '../../components/problem-list';
import { AuthorshipBadge, authorshipMeaning } from '../../components/authorship-badge';
import { formatBytes, formatDate, formatDuration, formatRate, plural } from '../../components/format';

/** Progress while an import runs, then its outcome in plain words. */
export function ImportStatus() {
  const st = useAppStore((s) => s.importState);
  const { cancelImport, dismissImport } = useAppStore.getState();
  if (st.phase === 'idle') return null;

  const dismiss = (
    <button type="button" className="btn btn-small" onClick={dismissImport}>
      Dismiss
    </button>
  );

  if (st.error) {
    return (
      <div className="import-status">
        <Notice tone="error" title={`Could not import ${st.label ?? 'the bundle'}`}>
          <p>{st.error}</p>
          {dismiss}
        </Notice>
      </div>
    );
  }

  const job = st.job;
  if (!job || job.state === 'running') {
    const p = job?.progress;
    const stage = st.phase === 'uploading' ? 'uploading' : (p?.stage ?? 'starting');
    return (
      <div className="import-status card" data-testid="import-progress">
        {/* Announce stage changes only; the numbers change every poll and would drown a screen reader. */}
        <span className="visually-hidden" aria-live="polite">
          Import {stage}
        </span>
        <div className="import-status-head">
          <strong>Importing {st.label}</strong>
          <span className="stage">{stage}</span>
        </div>
        <ProgressBar done={p?.bytesDone ?? 0} total={p?.bytesTotal ?? 0} label={`Import progress: ${stage}`} />
        <div className="import-stats">
          {p && p.bytesTotal > 0 ? (
            <>
              <span>
                {formatBytes(p.bytesDone)} of {formatBytes(p.bytesTotal)}
              </span>
              <span>
                {p.filesDone} of {plural(p.filesTotal, 'file')}
              </span>
              <span>{formatRate(p.rateBytesPerSec)}</span>
              <span>Time left: {formatDuration(p.etaMs)}</span>
            </>
          ) : (
            <span>
              {st.phase === 'uploading'
                ? hostKind === 'electron'
                  ? 'Confirm the file in the dialog…'
                  : 'Sending the file to the host…'
                : 'Measuring the bundle… Time left: not known yet'}
            </span>
          )}
          <button type="button" className="btn btn-small" onClick={() => void cancelImport()} disabled={!job}>
            Cancel
          </button>
        </div>
      </div>
    );
  }

  if (job.state === 'cancelled') {
    return (
      <div className="import-status">
        <Notice tone="info" title={`Import of ${st.label} cancelled`}>
          <p>Nothing was added to the store.</p>
          {dismiss}
        </Notice>
      </div>
    );
  }
  if (job.state === 'failed' || !job.result) {
    return (
      <div className="import-status">
        <Notice tone="error" title={`Import of ${st.label} failed`}>
          <p>{job.error ? `${job.error.message} (${job.error.code})` : 'The import stopped without a result.'}</p>
          {dismiss}
        </Notice>
      </div>
    );
  }

  const r = job.result;
  const open = r.bundleDigest && !r.refused && (
    <a className="btn btn-primary btn-small" href={hrefFor('bundles', r.bundleDigest)}>
      Open the bundle
    </a>
  );
  if (r.refused) {
    return (
      <div className="import-status" data-testid="import-result">
        <Notice tone="error" title={`Refused: ${st.label} was not imported`}>
          <p>{plural(r.problems.length, 'problem')} found. Nothing was added to the store.</p>
          <ProblemList problems={r.problems} />
          <ProblemList problems={r.warnings} kind="warning" />
          {dismiss}
        </Notice>
      </div>
    );
  }
  const refusedMetadata = r.status === 'refused-metadata';
  const title = refusedMetadata
    ? `Kept with its metadata refused: ${st.label}`
    : r.imported
      ? `Imported ${st.label}`
      : r.authorshipAdded
        ? `Signature added: ${st.label} is a signed copy of a bundle imported before`
        : r.presentAs
          ? `Already present: ${st.label} is ${r.presentAs.name}, imported before`
          : `Already present: ${st.label} was imported before`;
  return (
    <div className="import-status" data-testid="import-result">
      <Notice
        tone={
          refusedMetadata || r.authorship?.status === 'invalid' ? 'error' : r.problems.length ? 'warning' : 'success'
        }
        title={title}
      >
        {refusedMetadata && (
          <p>
            Its files match their checksums, but its metadata cannot be relied on: it is listed, and can never be
            approved.
          </p>
        )}
        {!r.imported && r.presentAs && (
          <p data-testid="present-as">
            {r.presentAs.copyWeak && r.status !== 'weak'
              ? `This copy lists only MD5/SHA-1 checksums, but its files are the same bytes as “${r.presentAs.name}”, which the store holds with a SHA-256 manifest (imported ${formatDate(r.presentAs.importedAt)}): the stronger one is kept, and opening it opens that bundle.`
              : `Its files are the same bytes as “${r.presentAs.name}”, imported ${formatDate(r.presentAs.importedAt)}: nothing new was stored, and opening it opens that bundle.`}
          </p>
        )}
        {r.authorship && (
          <p className="import-authorship">
            <AuthorshipBadge authorship={r.authorship} /> {authorshipMeaning(r.authorship)}
            {r.authorshipAdded ? ' This copy’s signature was added to the stored bundle.' : ''}
          </p>
        )}
        {r.problems.length > 0 && !refusedMetadata && <p>Imported with {plural(r.problems.length, 'problem')}:</p>}
        <ProblemList problems={r.problems} />
        <ProblemList problems={r.warnings} kind="warning" />
        <div className="actions">
          {open}
          {dismiss}
        </div>
      </Notice>
    </div>
  );
}
