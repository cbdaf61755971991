import { useEffect } from 'react';
import { useAppStore } from '../../store/app-store';
import { hrefFor } from '../../app/routes';
import { Notice } from '../../components/notice';
import { StatusBadge } from '../../components/status-badge';
import { AuthorshipCard } from './authorship-card';
import { CompletenessDot } from '../../components/completeness-dot';
import { CopyButton } from '../../components/copy-button';
import { KeyValueList } from '../../components/key-value-list';
import { ProblemList } from '../../components/problem-list';
import { formatBytes, formatDate, plural } from '../../components/format';
import { FilesTable } from './files-table';
import { RunSection, EnvironmentSection, ModulesSection } from './bundle-sections';
import { BundleLicenses } from './bundle-licenses';
import { BundleReplays } from '../replays/bundle-replays';
import { ModelCardSection } from '../replays/model-card';
import { BundleApproval } from '../approvals/bundle-approval';
import { CompareBar } from '../compare/compare-bar';
import { ReportCard } from '../reports/report-actions';
import { BundleHeader } from './bundle-header';
import { BundleAudit } from './bundle-audit';
import { BundleTabList, panelId, tabId, useBundleTab, type BundleTab } from './bundle-tabs';
import '../../styles/bundle-page.css';
import type { BundleDetail } from '../../../src-main/common/schemas/bundle';
import type { Problem } from '../../../src-main/common/problem';

function personText(p: { name: string | null; email: string | null; id: string } | null): string {
  if (!p) return 'unknown';
  if (p.name && p.email) return `${p.name} <${p.email}>`;
  return p.name ?? p.email ?? p.id;
}

function Overview({ d }: { d: BundleDetail }) {
  const m = d.metadata;
  return (
    <section className="card" aria-labelledby="sec-overview">
      <h2 id="sec-overview">Overview</h2>
      <KeyValueList
        items={[
          ['Author (as the metadata says)', personText(m.author)],
          ['Hypothesis', m.run?.hypothesis ?? m.description ?? '—'],
          ...(m.description && m.run?.hypothesis && m.description !== m.run.hypothesis
            ? ([['Description', m.description]] as [string, string][])
            : []),
          ['Published', formatDate(m.datePublished)],
          ['Run', m.run ? `${formatDate(m.run.startTime)} → ${formatDate(m.run.endTime)}` : '—'],
          ['Imported', formatDate(d.summary.importedAt)],
          ['License', m.license ?? '—'],
          [
            'Bundle digest',
            <span className="digest-row" key="d">
              <code className="digest-full">{d.summary.bundleDigest}</code>
              <CopyButton value={d.summary.bundleDigest} label="bundle digest" />
            </span>,
          ],
          ['Size', `${plural(d.summary.files, 'file')}, ${formatBytes(d.summary.bytes)}`],
        ]}
      />
    </section>
  );
}

function Verification({ d }: { d: BundleDetail }) {
  const v = d.verification;
  const sentence =
    d.summary.status === 'refused-metadata'
      ? 'Every file matches its checksum, but the metadata was refused (see the problems): nothing the bundle says about itself can be relied on, and it can never be approved.'
      : v.valid
        ? v.weak
          ? 'All files match their checksums, but only weak algorithms (MD5/SHA-1) are listed: the bundle can be checked, not approved.'
          : d.summary.integrity === 'verified-with-problems'
            ? `Every file matches its SHA-256 checksum, but the metadata has ${plural(d.summary.metadataErrors ?? 0, 'error')} (see the problems).`
            : 'Every file matches its SHA-256 checksum and the bag is complete.'
        : `Verification failed with ${plural(v.problems.length, 'problem')}.`;
  return (
    <section className="card" aria-labelledby="sec-verification">
      <h2 id="sec-verification">Verification</h2>
      <p>
        <StatusBadge status={d.summary.status} integrity={d.summary.integrity} /> {sentence}
      </p>
      <KeyValueList
        items={[
          ['BagIt version', v.bagitVersion ?? '—'],
          ['Algorithms', v.algorithms.join(', ') || '—'],
          ['Complete', v.complete ? 'yes: no missing or extra files' : 'no'],
          ['Checked', `${plural(v.files, 'file')}, ${formatBytes(v.bytes)}`],
        ]}
      />
    </section>
  );
}

function Completeness({ d }: { d: BundleDetail }) {
  const c = d.metadata.completeness;
  return (
    <section className="card" aria-labelledby="sec-completeness">
      <h2 id="sec-completeness">
        Completeness <CompletenessDot level={c.level} score={c.score} />
      </h2>
      <ul className="checks">
        {c.checks.map((ch) => (
          <li key={ch.id} className={ch.pass ? 'check-pass' : 'check-fail'}>
            <span className="check-mark" aria-hidden="true">
              {ch.pass ? '✓' : '✕'}
            </span>
            <span className="visually-hidden">{ch.pass ? 'Passed:' : 'Failed:'}</span>
            <strong>{ch.label}</strong> <span className="muted">— {ch.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function declaredBatchSize(d: BundleDetail): number | null {
  const b = d.metadata.replay?.['batchSize'];
  return typeof b === 'number' && Number.isInteger(b) ? b : null;
}

// Every state renders its h1 at the same place, so the focus moved there on navigation survives loading.
export function BundlePage({ digest }: { digest: string }) {
  const st = useAppStore((s) => s.bundleDetail);
  const loadBundle = useAppStore((s) => s.loadBundle);
  const loadReplayHistory = useAppStore((s) => s.loadReplayHistory);
  const tab = useBundleTab();
  useEffect(() => {
    void loadBundle(digest);
    // The header's latest verdict, whichever tab is open.
    void loadReplayHistory(digest);
  }, [digest, loadBundle, loadReplayHistory]);

  const back = (
    <a className="back-link" href={hrefFor('bundles')}>
      ← All bundles
    </a>
  );
  if (st.error && st.key === digest) {
    return (
      <div className="page">
        {back}
        <div className="page-head">
          <h1 className="bundle-title">Bundle not available</h1>
        </div>
        <Notice tone="error" title="Could not open this bundle">
          <p>{st.error}</p>
        </Notice>
      </div>
    );
  }
  const d = st.key === digest ? st.data : null;
  if (!d) {
    return (
      <div className="page" aria-busy="true">
        {back}
        <div className="page-head">
          <h1 className="bundle-title">Loading bundle…</h1>
        </div>
      </div>
    );
  }
  // Metadata findings carry a severity; warnings are listed apart so real problems stand out.
  const isWarning = (p: Problem) => p.severity === 'warning';
  // Refused metadata: the refusals are the problems; the rest of what the metadata gets wrong follows from them.
  const metadataErrors = d.metadata.problems.filter((p) => !isWarning(p));
  const followOn =
    d.refusals.length > 0
      ? metadataErrors.filter((p) => !d.refusals.some((r) => r.code === p.code && r.message === p.message))
      : [];
  const allProblems = [...d.verification.problems, ...(d.refusals.length > 0 ? d.refusals : metadataErrors)];
  const allWarnings = [...d.verification.warnings, ...d.metadata.problems.filter(isWarning)];
  const panel = (id: BundleTab, content: React.ReactNode) =>
    tab === id ? (
      <div
        role="tabpanel"
        id={panelId(id)}
        aria-labelledby={tabId(id)}
        className="bundle-panel"
        data-testid={`bundle-panel-${id}`}
      >
        {content}
      </div>
    ) : null;
  return (
    <div className="page bundle-page">
      <BundleHeader d={d} back={back} />
      <BundleTabList digest={d.summary.bundleDigest} current={tab} counts={{ files: d.metadata.files.length }} />
      {panel(
        'overview',
        <>
          <CompareBar digest={d.summary.bundleDigest} />
          {allProblems.length > 0 && (
            <section className="card card-problems" aria-labelledby="sec-problems">
              <h2 id="sec-problems">Problems ({allProblems.length})</h2>
              {d.refusals.length > 0 && (
                <p>
                  The metadata was refused: nothing this bundle says about itself can be relied on, and it can never be
                  approved.
                </p>
              )}
              <ProblemList problems={allProblems} />
              {followOn.length > 0 && (
                <details className="follow-on">
                  <summary>What else the metadata gets wrong, following from it ({followOn.length})</summary>
                  <ProblemList problems={followOn} />
                </details>
              )}
            </section>
          )}
          {allWarnings.length > 0 && (
            <section className="card card-warnings" aria-labelledby="sec-warnings">
              <h2 id="sec-warnings">Warnings ({allWarnings.length})</h2>
              <ProblemList problems={allWarnings} kind="warning" />
            </section>
          )}
          <div className="grid-2">
            <Overview d={d} />
            <Verification d={d} />
          </div>
          <div className="grid-2">
            <AuthorshipCard d={d} />
            <Completeness d={d} />
          </div>
          <div className="grid-2">
            <RunSection run={d.metadata.run} />
            <EnvironmentSection env={d.metadata.environment} />
          </div>
          <ModulesSection modules={d.metadata.modules} pipeline={d.metadata.pipeline} datasets={d.metadata.datasets} />
        </>,
      )}
      {panel('files', <FilesTable files={d.metadata.files} problems={d.verification.problems} />)}
      {panel(
        'replays',
        <>
          <BundleReplays
            digest={d.summary.bundleDigest}
            replayable={d.metadata.replay !== null}
            batchSize={declaredBatchSize(d)}
          />
          <ModelCardSection digest={d.summary.bundleDigest} />
        </>,
      )}
      {panel('licenses', <BundleLicenses digest={d.summary.bundleDigest} />)}
      {panel(
        'approvals',
        <>
          <BundleApproval digest={d.summary.bundleDigest} name={d.summary.name} />
          <ReportCard digest={d.summary.bundleDigest} />
        </>,
      )}
      {panel('audit', <BundleAudit digest={d.summary.bundleDigest} />)}
    </div>
  );
}
