import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { useAction } from '../../store/use-action';
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
  const storeKey = useAppStore((s) => s.audit.storeKey.data);
  const pass = useRef<HTMLInputElement>(null);
  const again = useRef<HTMLInputElement>(null);
  const [format, setFormat] = useState<'jsonl' | 'csv'>('jsonl');
  const [mismatch, setMismatch] = useState(false);
  // Downloads both files and keeps only what the notice says (the log itself may be large).
  const exporting = useAction(async (fmt: 'jsonl' | 'csv', passphrase?: string) => {
    const out = await exportAudit(fmt, passphrase);
    downloadText(out.fileName, fmt === 'csv' ? 'text/csv' : 'application/x-ndjson', out.content);
    downloadText(`${out.fileName}.checkpoint.json`, 'application/json', `${JSON.stringify(out.checkpoint, null, 2)}\n`);
    return { fileName: out.fileName, entries: out.entries };
  });
  useEffect(() => void loadStoreKey(), [loadStoreKey]);
  const asks = storeKey?.passphrase ?? 'none';
  const busy = exporting.busy;
  const outcome: Outcome | null = mismatch
    ? { ok: false, message: 'The two passphrases differ.' }
    : exporting.error
      ? { ok: false, message: exporting.error }
      : exporting.data && { ok: true, ...exporting.data };
  const run = async () => {
    const passphrase = pass.current?.value ?? '';
    const differ = asks === 'new' && passphrase !== (again.current?.value ?? '');
    setMismatch(differ);
    if (differ) return;
    exporting.reset();
    await exporting.run(format, passphrase || undefined);
    if (pass.current) pass.current.value = '';
    if (again.current) again.current.value = '';
  };
  return (
    <>
      <div className="input-row push-right audit-export">
        <select
          className="input"
          aria-label="Export format"
          value={format}
          onChange={(e) => setFormat(e.target.value as 'jsonl' | 'csv')}
        >
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
        {asks === 'new' && (
          <input
            ref={again}
            className="input"
            type="password"
            aria-label="Store key passphrase again"
            placeholder="Again"
            autoComplete="new-password"
          />
        )}
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
                Downloaded <span className="mono">{outcome.fileName}</span> and its signed checkpoint{' '}
                <span className="mono">{outcome.fileName}.checkpoint.json</span>. Keep the checkpoint apart from the
                store: imported back under Checkpoints, it proves that no entry up to it was cut or rewritten since.
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
