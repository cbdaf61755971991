import { useEffect, useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { Notice } from '../../components/notice';
import { hrefFor } from '../../app/routes';
import { useAppStore } from '../../store/app-store';
import { useAction } from '../../store/use-action';
import type { ModuleEntry } from '../../../src-main/common/schemas/governance';
import { parseOwners } from '../approvals/approval-text';
import { useBundleNames } from '../replays/use-bundle-names';
import '../../styles/approvals.css';

/** The module registry: each module's versions, the bundles that used them, and its owners (editable). */
export function ModulesPage() {
  const m = useAppStore((s) => s.approvals.modules);
  const load = useAppStore((s) => s.loadModules);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="page">
      <div className="page-head">
        <h1>Modules</h1>
      </div>
      {m.error && (
        <Notice tone="error" title="Could not load the modules">
          <p>{m.error}</p>
        </Notice>
      )}
      {m.loaded && m.rows.length === 0 ? (
        <EmptyState title="No modules registered" icon="◇">
          <p>Modules are the code components bundles declare (name, version, repository, commit), with their owners.</p>
          <p>
            <strong>How to get here:</strong> Import bundles that declare modules; each module and the bundles that use
            it will be listed here.
          </p>
          <a className="btn" href={hrefFor('bundles')}>
            Go to Bundles
          </a>
        </EmptyState>
      ) : (
        <>
          <p className="muted">
            A bundle with a module version not approved before (in any bundle, whatever its pipeline is called) needs
            one of that module’s owners among its approvers; a module is its name and repository, and one new to an
            approved repository needs that repository’s module owners.
          </p>
          {m.rows.map((mod) => (
            <ModuleCard key={mod.name} mod={mod} />
          ))}
        </>
      )}
    </div>
  );
}

function ModuleCard({ mod }: { mod: ModuleEntry }) {
  const names = useBundleNames();
  const setOwners = useAction(useAppStore((s) => s.setModuleOwners));
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [bad, setBad] = useState<string[]>([]);
  const headingId = `mod-${mod.name.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  const error = bad.length ? `Not an email address: ${bad.join(', ')}` : setOwners.error;
  const save = async () => {
    const parsed = parseOwners(text);
    setBad(parsed.bad);
    if (parsed.bad.length) return;
    if (await setOwners.run(mod.name, parsed.owners)) setEditing(false);
  };
  return (
    <section className="card" aria-labelledby={headingId} data-testid="module-card">
      <h2 id={headingId}>
        {mod.name} {mod.codeRepository && <span className="muted small module-repo">{mod.codeRepository}</span>}
      </h2>
      <div className="module-owners">
        <strong>Owners:</strong>{' '}
        {!editing ? (
          <>
            <span data-testid="module-owners">{mod.owners.length ? mod.owners.join(', ') : 'none'}</span>{' '}
            <button
              type="button"
              className="btn btn-small"
              onClick={() => (setText(mod.owners.join(', ')), setBad([]), setOwners.reset(), setEditing(true))}
              aria-label={`Edit the owners of ${mod.name}`}
            >
              Edit
            </button>
          </>
        ) : (
          <form
            className="input-row"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <input
              className="input"
              aria-label={`Owners of ${mod.name} (emails, comma-separated)`}
              value={text}
              onChange={(e) => setText(e.target.value)}
              autoFocus
            />
            <button type="submit" className="btn btn-small btn-primary">
              Save owners
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </form>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="table-wrap">
        <table className="table table-compact" aria-label={`Versions of ${mod.name}`}>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Bundles that used it</th>
            </tr>
          </thead>
          <tbody>
            {mod.versions.map((v) => (
              <tr key={v.version ?? '(none)'}>
                <td>
                  <code>{v.version ?? '(no version)'}</code>
                </td>
                <td>
                  {v.bundles.map((b, i) => (
                    <span key={b.digest}>
                      {i > 0 && ', '}
                      <a href={hrefFor('bundles', b.digest)}>{names.get(b.digest) ?? b.name}</a>
                      {b.pipeline && <span className="muted small"> ({b.pipeline})</span>}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
