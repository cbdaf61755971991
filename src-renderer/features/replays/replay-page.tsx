import { useEffect } from 'react';
import { hrefFor } from '../../app/routes';
import { Notice } from '../../components/notice';
import { CopyButton } from '../../components/copy-button';
import { KeyValueList } from '../../components/key-value-list';
import { verdictText } from '../../components/verdict-badge';
import { formatBytes, formatDate, formatDuration } from '../../components/format';
import { useAppStore } from '../../store/app-store';
import type { ReplayRecord } from '../../../src-main/common/schemas/replay';
import { useBundleNames } from './use-bundle-names';
import { MetricsTable } from './metrics-table';
import { ConfusionMatrix } from './confusion-matrix';
import { ClassScores } from './class-scores';
import { RegressionCharts } from './regression-charts';
import { DisagreementsTable } from './disagreements-table';
import { EnvironmentTable } from './environment-table';
import '../../styles/charts.css';
import '../../styles/replays.css';
import { ReportActions } from '../reports/report-actions';

const ICONS = { reproduced: '✓', 'not-reproduced': '✕', failed: '!' } as const;

/** The verdict in words and icon, the one-line reason under it; the colour only repeats both. */
function VerdictBanner({ r }: { r: ReplayRecord }) {
  const v = r.outcome.verdict;
  return (
    <section className={`verdict-banner verdict-${v}`} aria-label="Verdict" data-testid="verdict-banner">
      <span className="verdict-icon" aria-hidden="true">
        {ICONS[v]}
      </span>
      <div>
        <p className="verdict-title">{verdictText(v)}</p>
        <p className="verdict-reason">{r.outcome.reason}</p>
      </div>
    </section>
  );
}

function Details({ r, bundleName }: { r: ReplayRecord; bundleName: string | null }) {
  const o = r.outcome;
  return (
    <section className="card" aria-labelledby="sec-replay-details">
      <h2 id="sec-replay-details">Replay</h2>
      <KeyValueList
        items={[
          ['Bundle', <a href={hrefFor('bundles', r.bundleDigest)}>{bundleName ?? r.bundleDigest}</a>],
          ['Started', formatDate(r.startedAt, true)],
          ['By', r.actor],
          // A replay refused before its worker started has no CPU time or memory to report.
          [
            'Duration',
            r.peakRssBytes > 0
              ? `${formatDuration(r.durationMs)} (CPU ${formatDuration(r.cpuMs)}, peak memory ${formatBytes(r.peakRssBytes)})`
              : formatDuration(r.durationMs),
          ],
          ['Batch size', r.batchSize === null ? 'as replay.json says' : String(r.batchSize)],
          [
            'Output SHA-256',
            o.outputSha256 ? (
              <span className="digest-row">
                <code className="digest-full" data-testid="output-hash">
                  {o.outputSha256}
                </code>
                <CopyButton value={o.outputSha256} label="output SHA-256" />
              </span>
            ) : (
              <span className="muted">none: no output was produced</span>
            ),
          ],
        ]}
      />
    </section>
  );
}

function Diagnostics({ r }: { r: ReplayRecord }) {
  const d = r.outcome.diagnostics;
  if (!d) return null;
  return (
    <>
      {d.classification && (
        <section className="card" aria-labelledby="sec-classes">
          <h2 id="sec-classes">Classes</h2>
          <div className="grid-2 classification-diagnostics">
            <div>
              <h3 className="replay-subhead">Confusion matrix</h3>
              {d.classification.confusion ? (
                <ConfusionMatrix classes={d.classification.classes} matrix={d.classification.confusion} />
              ) : (
                <p className="muted">
                  {d.classification.classes.length} classes are too many for a readable grid; the per-class numbers are
                  beside it.
                </p>
              )}
            </div>
            <div>
              <h3 className="replay-subhead">Precision and recall per class</h3>
              <ClassScores scores={d.classification.perClass} />
            </div>
          </div>
        </section>
      )}
      {d.regression && (
        <section className="card" aria-labelledby="sec-regression">
          <h2 id="sec-regression">Predictions</h2>
          {d.regression.finiteRows === 0 ? (
            <p className="muted">No row had a finite label and prediction to plot.</p>
          ) : (
            <RegressionCharts r={d.regression} />
          )}
        </section>
      )}
    </>
  );
}

export function ReplayPage({ id }: { id: string }) {
  const st = useAppStore((s) => s.replays.record);
  const loadRecord = useAppStore((s) => s.loadReplayRecord);
  const names = useBundleNames();
  useEffect(() => {
    void loadRecord(id);
  }, [id, loadRecord]);

  const back = (
    <a className="back-link" href={hrefFor('replays')}>
      ← All replays
    </a>
  );
  if (st.error && st.key === id) {
    return (
      <div className="page">
        {back}
        <div className="page-head">
          <h1>Replay not available</h1>
        </div>
        <Notice tone="error" title="Could not open this replay">
          <p>{st.error}</p>
        </Notice>
      </div>
    );
  }
  const r = st.key === id ? st.data : null;
  if (!r) {
    return (
      <div className="page" aria-busy="true">
        {back}
        <div className="page-head">
          <h1>Loading replay…</h1>
        </div>
      </div>
    );
  }
  const name = names.get(r.bundleDigest) ?? null;
  const o = r.outcome;
  return (
    <div className="page">
      {back}
      <div className="page-head">
        <h1>Replay of {name ?? `bundle ${r.bundleDigest.slice(0, 12)}…`}</h1>
        <span className="replay-report">
          <ReportActions digest={r.bundleDigest} replayId={r.id} compact />
        </span>
      </div>
      <VerdictBanner r={r} />
      {o.verdict !== 'failed' && <MetricsTable metrics={o.metrics} />}
      <Diagnostics r={r} />
      {o.verdict !== 'failed' && (
        <DisagreementsTable predictions={o.predictions} rows={o.diagnostics?.disagreements ?? []} />
      )}
      <div className="grid-2">
        <Details r={r} bundleName={name} />
        <EnvironmentTable env={o.environment} />
      </div>
    </div>
  );
}
