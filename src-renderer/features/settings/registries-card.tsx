import { useState } from 'react';
import { Notice } from '../../components/notice';
import { useAction } from '../../store/use-action';
import { useCall } from '../../store/use-call';
import type { RegistrySettings } from '../../../src-main/common/schemas/registry';

/**
 * Settings → Registries: the team repositories the Team registry screen offers (several allowed), kept in the store
 * folder.
 */
export function RegistriesCard() {
  const settings = useCall('registry:settings', {});
  const save = useAction('registry:saveSettings');
  const [name, setName] = useState('');
  const [repository, setRepository] = useState('');
  const [plainHttp, setPlainHttp] = useState(false);
  const current: RegistrySettings = save.data ?? settings.data ?? { registries: [] };
  const store = async (next: RegistrySettings) => {
    const out = await save.run(next);
    if (out) {
      setName('');
      setRepository('');
      setPlainHttp(false);
    }
  };
  return (
    <section className="card" aria-labelledby="sec-registries">
      <h2 id="sec-registries">Registries</h2>
      <p className="muted">
        Team repositories in any OCI registry, as <code>host[:port]/repository</code>. Credentials are read from your
        Docker config (<code>docker login</code>, credential helpers); they never reach this window. HTTPS always,
        except to this machine (localhost) or where plain HTTP is ticked.
      </p>
      {current.registries.length > 0 ? (
        <ul className="plain-list" data-testid="registries">
          {current.registries.map((r) => (
            <li key={r.name}>
              <strong>{r.name}</strong> <code>{r.repository}</code>
              {r.plainHttp && <span className="muted small"> (plain HTTP)</span>}{' '}
              <button
                type="button"
                className="btn btn-small"
                aria-label={`Remove ${r.name}`}
                onClick={() => void store({ registries: current.registries.filter((x) => x.name !== r.name) })}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No registry yet.</p>
      )}
      <form
        className="input-row"
        onSubmit={(e) => {
          e.preventDefault();
          void store({
            registries: [...current.registries, { name: name.trim(), repository: repository.trim(), plainHttp }],
          });
        }}
      >
        <input
          className="input"
          aria-label="Registry name"
          placeholder="Name (e.g. Team)"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={100}
        />
        <input
          className="input"
          aria-label="Repository"
          placeholder="registry.example.org/team/runs"
          value={repository}
          onChange={(e) => setRepository(e.target.value)}
          required
          maxLength={1024}
        />
        <label className="checkbox">
          <input type="checkbox" checked={plainHttp} onChange={(e) => setPlainHttp(e.target.checked)} /> Plain HTTP
        </label>
        <button type="submit" className="btn" disabled={save.busy}>
          Add registry
        </button>
      </form>
      {save.error && (
        <Notice tone="error" title="Not saved">
          <p>{save.error}</p>
        </Notice>
      )}
    </section>
  );
}
