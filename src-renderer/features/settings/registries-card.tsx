import { useState } from 'react';
import { Notice } from '../../components/notice';
import { useAction } from '../../store/use-action';
import { useCall } from '../../store/use-call';
import type { RegistrySettings, RegistrySettingsSave } from '../../../src-main/common/schemas/registry';
import { chooseFile, hasPath, noPath, PathField, pathRef, type PathValue } from '../making/path-field';
import '../../styles/registry.css';

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
  const setCa = useAction('registry:setCaFile');
  // The settings as the latest save or CA change left them, else as loaded.
  const [latest, setLatest] = useState<RegistrySettings | null>(null);
  const current: RegistrySettings = latest ?? settings.data ?? { registries: [] };
  // A save names no CA file (the core keeps each entry's by name; a path comes only through registry:setCaFile).
  const store = async (next: RegistrySettings) => {
    const entries: RegistrySettingsSave['registries'] = next.registries.map(({ name, repository, plainHttp }) => ({
      name,
      repository,
      plainHttp,
    }));
    const out = await save.run({ registries: entries });
    if (out) {
      setLatest(out);
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
              {r.plainHttp && <span className="muted small"> (plain HTTP)</span>}
              {r.caFile && (
                <span className="muted small">
                  {' '}
                  (trusts the CA in <code>{r.caFile}</code>)
                </span>
              )}{' '}
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
      {current.registries.length > 0 && (
        <CaFileForm
          registries={current.registries}
          busy={setCa.busy}
          error={setCa.error}
          onSet={async (name, caFile) => {
            const out = await setCa.run({ name, caFile });
            if (out) setLatest(out);
            return out;
          }}
        />
      )}
    </section>
  );
}

/**
 * A registry whose certificate a company CA signed (Harbor, Artifactory behind an internal CA): the CA's PEM file,
 * trusted for that registry only, beside the system's roots. Checked when chosen.
 */
function CaFileForm(props: {
  registries: RegistrySettings['registries'];
  busy: boolean;
  error: string | null;
  onSet(name: string, caFile: ReturnType<typeof pathRef> | null): Promise<unknown>;
}) {
  const [name, setName] = useState(props.registries[0]?.name ?? '');
  const [file, setFile] = useState<PathValue>(noPath);
  const [pickError, setPickError] = useState<string | null>(null);
  const chosen = props.registries.find((r) => r.name === name) ?? props.registries[0];
  return (
    <form
      className="ca-file-form"
      aria-labelledby="sec-registry-ca"
      onSubmit={(e) => {
        e.preventDefault();
        if (!chosen || !hasPath(file)) return;
        void props.onSet(chosen.name, pathRef(file)).then((out) => {
          if (out) setFile(noPath);
        });
      }}
    >
      <h3 id="sec-registry-ca">Company CA</h3>
      <p className="muted small">
        For a registry whose certificate your company&apos;s CA signed: its certificate file (PEM), trusted for that
        registry only.
      </p>
      <div className="input-row">
        <label className="field">
          <span>Registry</span>
          <select className="input" value={chosen?.name ?? ''} onChange={(e) => setName(e.target.value)}>
            {props.registries.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <PathField
        id="registry-ca-file"
        label="CA certificate file (absolute path, PEM)"
        chosenLabel="CA certificate file (PEM)"
        value={file}
        onChange={setFile}
        choosers={[chooseFile('Choose the CA certificate (PEM)', ['pem', 'crt', 'cer'])]}
        placeholder="/etc/ssl/company-ca.pem"
        onError={setPickError}
      />
      <div className="input-row">
        <button type="submit" className="btn" disabled={props.busy || !hasPath(file)}>
          Trust this CA
        </button>
        {chosen?.caFile && (
          <button
            type="button"
            className="btn"
            disabled={props.busy}
            onClick={() => void props.onSet(chosen.name, null)}
          >
            Stop trusting {chosen.name}&apos;s CA
          </button>
        )}
      </div>
      {(props.error ?? pickError) && (
        <Notice tone="error" title="CA not trusted">
          <p>{props.error ?? pickError}</p>
        </Notice>
      )}
    </form>
  );
}
