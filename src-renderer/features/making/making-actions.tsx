import { useState } from 'react';
import { MakeBundleDialog, type MakeKind } from './make-bundle-dialog';
import { ExportDialog } from './export-dialog';

/** The Bundles screen's "make a bundle" buttons; each opens its dialog. */
export function MakingActions() {
  const [open, setOpen] = useState<MakeKind | null>(null);
  return (
    <div className="making-actions">
      <button type="button" className="btn" onClick={() => setOpen('folder')}>
        New bundle from folder…
      </button>
      <button type="button" className="btn" onClick={() => setOpen('mlflow')}>
        Import MLflow run…
      </button>
      {open && <MakeBundleDialog kind={open} onClose={() => setOpen(null)} />}
    </div>
  );
}

/** "Export bundle" on a bundle page. */
export function ExportButton({ digest, name }: { digest: string; name: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>
        Export bundle…
      </button>
      {open && <ExportDialog digest={digest} name={name} onClose={() => setOpen(false)} />}
    </>
  );
}
