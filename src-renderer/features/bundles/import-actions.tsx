import { useRef, useState, type FormEvent } from 'react';
import { canPickNativeFile, pickBagFolder, pickBundleFile } from '../../api/client';
import { useAppStore } from '../../store/app-store';
import { importBusy } from '../../store/import-slice';

/**
 * The ways to bring a bundle in, besides dropping it: choose a file (or, in the desktop app, a bag folder), type a
 * path (preview host only: the desktop app takes paths from its dialogs alone), or the sample.
 */
export function ImportActions({ layout }: { layout: 'toolbar' | 'hero' }) {
  const importState = useAppStore((s) => s.importState);
  const sample = useAppStore((s) => s.info.data?.sampleBundle ?? null);
  const { importFile, startImport } = useAppStore.getState();
  const fileInput = useRef<HTMLInputElement>(null);
  const [path, setPath] = useState('');
  const busy = importBusy(importState);

  const choose = async () => {
    if (canPickNativeFile) {
      const picked = await pickBundleFile();
      if (picked) void startImport({ kind: 'path', path: { handle: picked.handle } }, picked.path);
    } else {
      fileInput.current?.click();
    }
  };
  const chooseFolder = async () => {
    const picked = await pickBagFolder();
    if (picked) void startImport({ kind: 'path', path: { handle: picked.handle } }, picked.path);
  };
  const submitPath = (e: FormEvent) => {
    e.preventDefault();
    const p = path.trim();
    if (!p) return;
    setPath(''); // the result notice names what was imported
    void startImport({ kind: 'path', path: p }, p);
  };

  return (
    <div className={`import-actions import-actions-${layout}`}>
      <div className="import-buttons">
        <button
          type="button"
          className={`btn ${layout === 'hero' ? 'btn-primary' : ''}`}
          onClick={() => void choose()}
          disabled={busy}
        >
          Choose a file…
        </button>
        {canPickNativeFile && (
          <button type="button" className="btn" onClick={() => void chooseFolder()} disabled={busy}>
            Choose a bag folder…
          </button>
        )}
        <input
          ref={fileInput}
          type="file"
          accept=".zip,application/zip"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Bundle file to import"
          data-testid="bundle-file-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = ''; // choosing the same file again should import again
            if (f) void importFile(f);
          }}
        />
        {sample && layout === 'hero' && (
          <button
            type="button"
            className="btn"
            onClick={() => void startImport({ kind: 'sample' }, `the sample bundle (${sample})`)}
            disabled={busy}
          >
            Try the sample bundle
          </button>
        )}
      </div>
      {!canPickNativeFile && (
        <form className="path-form" onSubmit={submitPath}>
          <label htmlFor={`import-path-${layout}`} className={layout === 'toolbar' ? 'visually-hidden' : undefined}>
            Import from a path on this machine
          </label>
          <div className="input-row">
            <input
              id={`import-path-${layout}`}
              type="text"
              className="input"
              placeholder={
                layout === 'toolbar'
                  ? 'Import from a path on this machine…'
                  : '/home/me/runs/run-42.bundle.zip or a bundle folder'
              }
              value={path}
              onChange={(e) => setPath(e.target.value)}
              spellCheck={false}
              autoComplete="off"
            />
            <button type="submit" className="btn" disabled={busy || !path.trim()}>
              Import
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
