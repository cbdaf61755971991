import type { BundleMetadata, Environment, Module, Run } from '../../../src-main/common/schemas/bundle';
import { KeyValueList } from '../../components/key-value-list';
import { formatScalar } from '../../components/format';

export function RunSection({ run }: { run: Run | null }) {
  return (
    <section className="card" aria-labelledby="sec-run">
      <h2 id="sec-run">Run{run?.name ? `: ${run.name}` : ''}</h2>
      {!run ? (
        <p className="muted">The bundle describes no run.</p>
      ) : (
        <>
          <h3>Parameters</h3>
          <KeyValueList
            items={Object.entries(run.parameters).map(([k, v]) => [k, <code key={k}>{formatScalar(v)}</code>])}
            empty="No parameters recorded."
          />
          <h3>Reported metrics</h3>
          <KeyValueList
            items={Object.entries(run.metrics).map(([k, v]) => [k, <code key={k}>{formatScalar(v)}</code>])}
            empty="No metrics reported."
          />
          {run.agent && <p className="muted">Run by {run.agent.replace(/^mailto:/, '')}</p>}
        </>
      )}
    </section>
  );
}

export function EnvironmentSection({ env }: { env: Environment | null }) {
  const items: [string, string][] = [];
  if (env) {
    if (env.os) items.push(['OS', env.os]);
    if (env.arch) items.push(['Architecture', env.arch]);
    if (env.cpu) items.push(['CPU', env.cpu]);
    if (env.gpu) items.push(['GPU', env.gpu]);
    if (env.runtime) items.push(['Runtime', `${env.runtime.name} ${env.runtime.version}`]);
    if (env.onnx)
      items.push([
        'ONNX',
        [env.onnx.producer, env.onnx.opset !== undefined ? `opset ${env.onnx.opset}` : null]
          .filter(Boolean)
          .join(', ') || '—',
      ]);
  }
  const packages = Object.entries(env?.packages ?? {});
  return (
    <section className="card" aria-labelledby="sec-env">
      <h2 id="sec-env">Environment</h2>
      {!env ? (
        <p className="muted">No environment description in the bundle.</p>
      ) : (
        <>
          <KeyValueList items={items} empty="No platform details recorded." />
          <h3>Packages ({packages.length})</h3>
          <KeyValueList items={packages.map(([n, v]) => [n, <code key={n}>{v}</code>])} empty="No packages listed." />
        </>
      )}
    </section>
  );
}

interface ModulesProps {
  modules: Module[];
  pipeline: BundleMetadata['pipeline'];
  datasets: BundleMetadata['datasets'];
}

export function ModulesSection({ modules, pipeline, datasets }: ModulesProps) {
  return (
    <section className="card" aria-labelledby="sec-modules">
      <h2 id="sec-modules">Modules and data</h2>
      {pipeline && (
        <p>
          Pipeline <strong>{pipeline.name ?? 'unnamed'}</strong>
          {pipeline.version && ` ${pipeline.version}`}
          {pipeline.requirements.length > 0 &&
            ` — requires ${pipeline.requirements.map((r) => (r.version ? `${r.name} ${r.version}` : r.name)).join(', ')}`}
        </p>
      )}
      {modules.length === 0 ? (
        <p className="muted">No code modules declared.</p>
      ) : (
        <ul className="plain-list">
          {modules.map((m) => (
            <li key={m.id}>
              <strong>{m.name}</strong>
              {m.version && <span> {m.version}</span>}
              {m.license && <span className="muted"> · {m.license}</span>}
              {m.codeRepository && <span className="muted"> · {m.codeRepository}</span>}
              {m.identifier && (
                <span className="muted">
                  {' '}
                  · <code>{m.identifier}</code>
                </span>
              )}
              {m.files.length > 0 && <div className="muted small">{m.files.join(', ')}</div>}
            </li>
          ))}
        </ul>
      )}
      <h3>Datasets ({datasets.length})</h3>
      {datasets.length === 0 ? (
        <p className="muted">No datasets declared.</p>
      ) : (
        <ul className="plain-list">
          {datasets.map((ds) => (
            <li key={ds.id}>
              <strong>{ds.name ?? ds.id}</strong>
              {ds.version && <span> {ds.version}</span>}
              <span className="muted">
                {' '}
                · {ds.license ?? 'no license'} · {ds.access}
              </span>
              {ds.url && <div className="muted small">{ds.url}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
