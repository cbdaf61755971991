import { useId, useState, type FormEvent } from 'react';
import { ApiError, call } from '../../api/client';
import { Notice } from '../../components/notice';
import { errorText } from '../../store/types';
import type { ExportResult } from '../../../src-main/common/schemas/making';
import { Modal } from './modal';

/**
 * Export a stored bundle to a .zip: the tag files as imported and the payload from the store, so the digest is the
 * one imported. Restricted or confidential data needs a grant; without one, an override reason (audited) is asked.
 */
export function ExportDialog({ digest, name, onClose }: { digest: string; name: string; onClose(): void }) {
  const id = useId();
  const [output, setOutput] = useState('');
  const [override, setOverride] = useState('');
  const [refused, setRefused] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ExportResult | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await call('bundles:export', { digest, output: output.trim(), ...(refused && override.trim() ? { override: override.trim() } : {}) }));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'refused') setRefused(err.message);
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`Export ${name}`} onClose={onClose} testId="export-dialog">
      {result ? (
        <div className="making-result" data-testid="export-result">
          <Notice tone="success" title="Bundle exported">
            <p>
              Written to <code>{result.file}</code>.
            </p>
            <p>
              Bundle digest <code className="digest-full">{result.bundleDigest}</code>
              {result.bundleDigest === digest ? ': the same as imported.' : ': DIFFERENT from the one imported.'}
            </p>
          </Notice>
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="making-form">
          <div className="field">
            <label htmlFor={`${id}-output`}>Write the bundle to (a new .zip file, absolute path)</label>
            <input id={`${id}-output`} className="input" value={output} onChange={(e) => setOutput(e.target.value)} spellCheck={false} autoComplete="off" placeholder="/home/me/exports/run.bundle.zip" required />
          </div>
          {refused && (
            <>
              <Notice tone="warning" title="Export refused: this bundle holds restricted data">
                <p>{refused}</p>
              </Notice>
              <div className="field">
                <label htmlFor={`${id}-override`}>Override reason (recorded in the audit log and the access log)</label>
                <textarea id={`${id}-override`} className="input textarea" rows={2} value={override} onChange={(e) => setOverride(e.target.value)} required />
              </div>
            </>
          )}
          {error && (
            <Notice tone="error" title="Could not export">
              <p>{error}</p>
            </Notice>
          )}
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={busy || !output.trim() || (refused !== null && !override.trim())}>
              {busy ? 'Exporting…' : refused ? 'Export with override' : 'Export'}
            </button>
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
