import { useEffect, useRef, useState } from 'react';
import { hostKind } from '../../api/client';
import { downloadText } from '../../components/download';
import { useAction } from '../../store/use-action';
import '../../styles/reports.css';

type Status = { tone: 'busy' | 'done' | 'error'; text: string } | null;

/**
 * The replication report of one bundle (one replay when `replayId` is given, else the latest): download the
 * self-contained HTML, or save it as PDF. Electron prints it to a file from a hidden script-less window; a
 * browser prints it from a sandboxed srcdoc frame (no script, the report's own strict CSP), whose print dialog
 * offers Save as PDF.
 */
export function ReportActions({
  digest,
  replayId,
  compact = false,
}: {
  digest: string;
  replayId?: string;
  compact?: boolean;
}) {
  const frame = useRef<HTMLIFrameElement | null>(null);
  useEffect(() => () => frame.current?.remove(), []);
  const request = replayId ? { digest, replayId } : { digest };
  const report = useAction('report:bundle');
  const pdf = useAction('report:pdf');
  const printing = useAction(async (html: string) => (frame.current = await printInFrame(frame.current, html)));
  const [what, setWhat] = useState<'html' | 'pdf'>('html');
  const [done, setDone] = useState<string | null>(null);
  const busy = report.busy || pdf.busy || printing.busy;
  const error = report.error ?? pdf.error ?? printing.error;
  const status: Status = busy
    ? {
        tone: 'busy',
        text:
          what === 'html'
            ? 'Preparing the report…'
            : hostKind === 'electron'
              ? 'Choose where to save the PDF…'
              : 'Preparing the report for printing…',
      }
    : error
      ? { tone: 'error', text: `${what === 'html' ? 'Could not make the report' : 'Could not make the PDF'}: ${error}` }
      : done
        ? { tone: 'done', text: done }
        : null;
  const begin = (w: 'html' | 'pdf') => {
    setWhat(w);
    setDone(null);
    for (const a of [report, pdf, printing]) a.reset();
  };
  // The report's HTML is handed on (a download, the print frame), not kept.
  const html = async () => {
    const r = await report.run(request);
    if (r) report.reset();
    return r;
  };

  const download = async () => {
    begin('html');
    const r = await html();
    if (!r) return;
    downloadText(r.fileName, 'text/html', r.html);
    setDone(`Downloaded ${r.fileName}.`);
  };

  const savePdf = async () => {
    begin('pdf');
    if (hostKind === 'electron') {
      const r = await pdf.run(request);
      if (r?.path) setDone(`Saved ${r.path}.`);
      return;
    }
    const r = await html();
    if (r && (await printing.run(r.html)))
      setDone('Sent to the print dialog: choose “Save as PDF” as the destination.');
  };

  return (
    <div className={compact ? 'report-actions report-actions-compact' : 'report-actions'} data-testid="report-actions">
      <div className="actions">
        {compact && <span className="muted">Replication report</span>}
        <button
          type="button"
          className={`btn ${compact ? 'btn-small' : ''}`}
          onClick={() => void download()}
          disabled={busy}
        >
          Download HTML
        </button>
        <button
          type="button"
          className={`btn ${compact ? 'btn-small' : ''}`}
          onClick={() => void savePdf()}
          disabled={busy}
        >
          Save as PDF
        </button>
      </div>
      <p
        className={status?.tone === 'error' ? 'report-status report-status-error' : 'muted report-status'}
        role="status"
        aria-live="polite"
        data-testid="report-status"
      >
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
        One self-contained document to attach to a paper or a release: the hypothesis, data set versions with their
        digests, parameters, metrics reported and replayed (latest replay) with the verdict, environment differences,
        the license verdict, signed approvals with their key ids, and this bundle’s audit entries.
      </p>
      <ReportActions digest={digest} />
    </section>
  );
}
