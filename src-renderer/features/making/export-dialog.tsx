import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { Notice } from '../../components/notice';
import { errorText } from '../../store/loadable';
import { useAction } from '../../store/use-action';
import { Modal } from './modal';
import { SignOption, SignedBy, signFields, useSigningIdentity } from './sign-option';
import { PathField, chooseSaveFile, hasPath, noPath, pathRef, type PathValue } from './path-field';

/**
 * Export a stored bundle to a .zip: the tag files as imported and the payload from the store, so the digest is the
 * one imported. Restricted or confidential data needs a grant; without one, an override reason (audited) is asked.
 * Signing adds the local identity's signature; one the bundle already carries is replaced only when asked.
 */
export function ExportDialog({ digest, name, onClose }: { digest: string; name: string; onClose(): void }) {
  const id = useId();
  const [output, setOutput] = useState<PathValue>(noPath);
  const [override, setOverride] = useState('');
  const [refused, setRefused] = useState<string | null>(null);
  const [pickError, setPickError] = useState<string | null>(null); // the native save dialog failed
  const identity = useSigningIdentity();
  // Unticked: exporting someone's bundle must not make you its author; tick it to sign a run you made.
  const [sign, setSign] = useState(false);
  const [signedAlready, setSignedAlready] = useState<string | null>(null); // the refusal naming the earlier signer
  const [replace, setReplace] = useState(false);
  const passRef = useRef<HTMLInputElement>(null);
  const signing = sign && !!identity;
  // Two refusals are answered in the form (an override reason; replacing the signature), not as an error.
  const exporting = useAction('bundles:export', {
    error(err) {
      if (err instanceof ApiError && err.code === 'refused' && !err.details['reason']) setRefused(err.message);
      else if (err instanceof ApiError && err.details['reason'] === 'already-signed') setSignedAlready(err.message);
      else return errorText(err);
      return null;
    },
  });
  const { busy, data: result } = exporting;
  const error = pickError ?? exporting.error;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPickError(null);
    const signed = { ...signFields(signing, passRef), ...(signing && replace ? { replace: true } : {}) };
    await exporting.run({
      digest,
      output: pathRef(output),
      ...(refused && override.trim() ? { override: override.trim() } : {}),
      ...signed,
    });
    if (passRef.current) passRef.current.value = '';
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
            {result.signer ? (
              <SignedBy signer={result.signer} />
            ) : (
              <p data-testid="written-signer">No signature added; one the bundle carried is kept as imported.</p>
            )}
          </Notice>
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="making-form">
          <PathField
            id={`${id}-output`}
            label="Write the bundle to (a new .zip file, absolute path)"
            chosenLabel="Write the bundle to (a new .zip file)"
            value={output}
            onChange={setOutput}
            choosers={[chooseSaveFile(`Export ${name}`, suggestedName(name))]}
            placeholder="/home/me/exports/run.bundle.zip"
            onError={setPickError}
          />
          {refused && (
            <>
              <Notice tone="warning" title="Export refused: this bundle holds restricted data">
                <p>{refused}</p>
              </Notice>
              <div className="field">
                <label htmlFor={`${id}-override`}>Override reason (recorded in the audit log and the access log)</label>
                <textarea
                  id={`${id}-override`}
                  className="input textarea"
                  rows={2}
                  value={override}
                  onChange={(e) => setOverride(e.target.value)}
                  required
                />
              </div>
            </>
          )}
          <SignOption identity={identity} checked={sign} onChange={setSign} passRef={passRef} />
          {signedAlready && signing && (
            <Notice tone="warning" title="This bundle is already signed">
              <p>{signedAlready}</p>
              <label className="radio">
                <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
                <span>Replace the existing signature with mine</span>
              </label>
            </Notice>
          )}
          {error && (
            <Notice tone="error" title="Could not export">
              <p>{error}</p>
            </Notice>
          )}
          <div className="actions">
            <button
              type="submit"
              className="btn btn-primary"
              disabled={
                busy ||
                !hasPath(output) ||
                (refused !== null && !override.trim()) ||
                (signing && signedAlready !== null && !replace)
              }
            >
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

/** A file name for the save dialog from the bundle's name (the dialog lets the user change it). */
function suggestedName(name: string): string | undefined {
  const safe = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 100);
  return safe ? `${safe}.bundle.zip` : undefined;
}
