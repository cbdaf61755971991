import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { errorText } from '../../store/types';
import { plural } from '../../components/format';
import { Notice } from '../../components/notice';
import { downloadText } from '../../components/download';

type Outcome = { ok: true; fileName: string; entries: number } | { ok: false; message: string };

/**
 * "Export…": the whole log (JSONL or CSV) and, beside it, the checkpoint of its head signed with the store key.
 * Where no keychain holds that key, its passphrase is asked (twice when this export makes or encrypts it), read
 * from the fields at the call and never kept.
 */
export function AuditExportControl() {
  const exportAudit = useAppStore((s) => s.exportAudit);
  const loadStoreKey = useAppStore((s) => s.loadStoreKey);
  const storeKey = useAppStore((s) => s.audit.storeKey);
  const pass = useRef<HTMLInputElement>(null);
  const again = useRef<HTMLInputElement>(null);
  const [format, setFormat] = useState<'jsonl' | 'csv'>('jsonl');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  useEffect(() => void loadStoreKey(), [loadStoreKey]);
  const asks = storeKey?.passphrase ?? 'none';
  const run = async () => {
    const passphrase = pass.current?.value ?? '';
    if (asks === 'new' && passphrase !== (again.current?.value ?? '')) {
      setOutcome({ ok: false, message: 'The two passphrases differ.' });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const out = await exportAudit(format, passphrase || undefined);
      downloadText(out.fileName, format === 'csv' ? 'text/csv' : 'application/x-ndjson', out.content);
      downloadText(`${out.fileName}.checkpoint.json`, 'application/json', `${JSON.stringify(out.checkpoint, null, 2)}\n`);
      setOutcome({ ok: true, fileName: out.fileName, entries: out.entries });
    } catch (e) {
      setOutcome({ ok: false, message: errorText(e) });
    } finally {
      if (pass.current) pass.current.value = '';
      if (again.current) again.current.value = '';
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
        {asks !== 'none' && (
          <input
            ref={pass}
            className="input"
            type="password"
            aria-label={asks === 'new' ? 'New passphrase for the store key' : 'Passphrase of the store key'}
            placeholder={asks === 'new' ? 'New store key passphrase' : 'Store key passphrase'}
            autoComplete={asks === 'new' ? 'new-password' : 'current-password'}
          />
        )}
        {asks === 'new' && <input ref={again} className="input" type="password" aria-label="Store key passphrase again" placeholder="Again" autoComplete="new-password" />}
        <button type="button" className="btn" onClick={() => void run()} disabled={busy}>
          {busy ? 'Exporting…' : 'Export…'}
        </button>
      </div>
      {storeKey?.note && (
        <p className="muted small audit-export-note" data-testid="store-key-note">
          {storeKey.note}
        </p>
      )}
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
