import { useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { errorText } from '../../store/types';
import { plural } from '../../components/format';
import { Notice } from '../../components/notice';
import { downloadText } from '../../components/download';

type Outcome = { ok: true; fileName: string; entries: number } | { ok: false; message: string };

/** "Export…": the whole log (JSONL or CSV) and, beside it, the signed checkpoint of its head. */
export function AuditExportControl() {
  const exportAudit = useAppStore((s) => s.exportAudit);
  const [format, setFormat] = useState<'jsonl' | 'csv'>('jsonl');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const run = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      const out = await exportAudit(format);
      downloadText(out.fileName, format === 'csv' ? 'text/csv' : 'application/x-ndjson', out.content);
      downloadText(`${out.fileName}.checkpoint.json`, 'application/json', `${JSON.stringify(out.checkpoint, null, 2)}\n`);
      setOutcome({ ok: true, fileName: out.fileName, entries: out.entries });
    } catch (e) {
      setOutcome({ ok: false, message: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <div className="input-row push-right audit-export">
        <select className="input" aria-label="Export format" value={format} onChange={(e) => setFormat(e.target.value as 'jsonl' | 'csv')}>
          <option value="jsonl">JSONL</option>
          <option value="csv">CSV</option>
        </select>
        <button type="button" className="btn" onClick={() => void run()} disabled={busy}>
          {busy ? 'Exporting…' : 'Export…'}
        </button>
      </div>
      {outcome && (
        <div className="audit-export-outcome">
          {outcome.ok ? (
            <Notice tone="success" title={`Exported ${plural(outcome.entries, 'entry', 'entries')}`}>
              <p>
                Downloaded <span className="mono">{outcome.fileName}</span> and its signed checkpoint <span className="mono">{outcome.fileName}.checkpoint.json</span>. Keep the checkpoint
                apart from the store: imported back under Checkpoints, it proves that no entry up to it was cut or rewritten since.
              </p>
            </Notice>
          ) : (
            <Notice tone="error" title="The log was not exported">
              <p>{outcome.message}</p>
            </Notice>
          )}
        </div>
      )}
    </>
  );
}
