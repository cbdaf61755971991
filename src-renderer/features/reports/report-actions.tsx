import { useEffect, useRef, useState } from 'react';
import { call, hostKind } from '../../api/client';
import { downloadText } from '../../components/download';
import '../../styles/reports.css';

type Status = { tone: 'busy' | 'done' | 'error'; text: string } | null;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The replication report of one bundle (one replay when `replayId` is given, else the latest): download the
 * self-contained HTML, or save it as PDF. Electron prints it to a file from a hidden script-less window; a
 * browser prints it from a sandboxed srcdoc frame (no script, the report's own strict CSP), whose print dialog
 * offers Save as PDF.
 */
export function ReportActions({ digest, replayId, compact = false }: { digest: string; replayId?: string; compact?: boolean }) {
  const [status, setStatus] = useState<Status>(null);
  const frame = useRef<HTMLIFrameElement | null>(null);
  useEffect(() => () => frame.current?.remove(), []);
  const request = replayId ? { digest, replayId } : { digest };
  const busy = status?.tone === 'busy';

  const download = async () => {
    setStatus({ tone: 'busy', text: 'Preparing the report…' });
    try {
      const { fileName, html } = await call('report:bundle', request);
      downloadText(fileName, 'text/html', html);
      setStatus({ tone: 'done', text: `Downloaded ${fileName}.` });
    } catch (e) {
      setStatus({ tone: 'error', text: `Could not make the report: ${errorText(e)}` });
    }
  };

  const savePdf = async () => {
    setStatus({ tone: 'busy', text: hostKind === 'electron' ? 'Choose where to save the PDF…' : 'Preparing the report for printing…' });
    try {
      if (hostKind === 'electron') {
        const { path } = await call('report:pdf', request);
        setStatus(path ? { tone: 'done', text: `Saved ${path}.` } : null);
        return;
      }
      const { html } = await call('report:bundle', request);
      frame.current = await printInFrame(frame.current, html);
      setStatus({ tone: 'done', text: 'Sent to the print dialog: choose “Save as PDF” as the destination.' });
    } catch (e) {
      setStatus({ tone: 'error', text: `Could not make the PDF: ${errorText(e)}` });
    }
  };

  return (
    <div className={compact ? 'report-actions report-actions-compact' : 'report-actions'} data-testid="report-actions">
      <div className="actions">
        {compact && <span className="muted">Replication report</span>}
        <button type="button" className={`btn ${compact ? 'btn-small' : ''}`} onClick={() => void download()} disabled={busy}>
          Download HTML
        </button>
        <button type="button" className={`btn ${compact ? 'btn-small' : ''}`} onClick={() => void savePdf()} disabled={busy}>
          Save as PDF
        </button>
      </div>
      <p className={status?.tone === 'error' ? 'report-status report-status-error' : 'muted report-status'} role="status" aria-live="polite" data-testid="report-status">
        {status?.text ?? ''}
      </p>
    </div>
  );
}

/**
 * Prints the report from a frame that runs nothing: sandboxed without allow-scripts (allow-modals lets the
 * print dialog open, allow-same-origin lets this page call print on it); the HTML is inert text from core.
 */
async function printInFrame(existing: HTMLIFrameElement | null, html: string): Promise<HTMLIFrameElement> {
  existing?.remove();
  const iframe = document.createElement('iframe');
  iframe.title = 'Replication report (print)';
  iframe.setAttribute('sandbox', 'allow-same-origin allow-modals');
  iframe.setAttribute('aria-hidden', 'true');
  iframe.tabIndex = -1;
  iframe.className = 'report-print-frame';
  const loaded = new Promise<void>((resolve) => iframe.addEventListener('load', () => resolve(), { once: true }));
  iframe.srcdoc = html;
  document.body.append(iframe);
  await loaded;
  const win = iframe.contentWindow;
  if (!win) throw new Error('the print frame did not open');
  win.focus();
  win.print();
  return iframe;
}

/** The bundle page's card: what the report holds, and its two actions. */
export function ReportCard({ digest }: { digest: string }) {
  return (
    <section className="card" aria-labelledby="sec-report">
      <h2 id="sec-report">Replication report</h2>
      <p className="muted">
        One self-contained document to attach to a paper or a release: the hypothesis, data set versions with their digests, parameters, metrics reported and
        replayed (latest replay) with the verdict, environment differences, the license verdict, signed approvals with their key ids, and this bundle’s audit
        entries.
      </p>
      <ReportActions digest={digest} />
    </section>
  );
}
