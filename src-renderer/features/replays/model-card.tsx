import { useCall } from '../../store/use-call';
import { KeyValueList } from '../../components/key-value-list';
import { Notice } from '../../components/notice';
import { plural } from '../../components/format';
import type { ModelCard } from '../../../src-main/common/schemas/model-card';

/**
 * The model card (issue 16): what the bundle's ONNX file says of itself and whether this machine's runtime loads it,
 * shown before any replay runs, so an unsupported operator is named before work starts.
 */

const SUPPORT = { yes: '✓ supported', no: '✕ not supported', unknown: '? not checked' } as const;

function domainName(domain: string): string {
  return domain === '' ? 'ai.onnx' : domain;
}

function Interface({ title, values }: { title: string; values: ModelCard['inputs'] }) {
  return (
    <>
      <h3 className="replay-subhead">{title}</h3>
      <ul className="model-io">
        {values.map((v) => (
          <li key={v.name}>
            <code>{v.name}</code> <span className="muted">{v.type}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

export function ModelCardSection({ digest }: { digest: string }) {
  const card = useCall('bundles:modelCard', { digest });
  if (card.data === null && !card.loading && !card.error) return null;
  const c = card.data;
  return (
    <section className="card model-card" aria-labelledby="sec-model-card" aria-busy={card.loading}>
      <h2 id="sec-model-card">Model</h2>
      {card.error && (
        <Notice tone="error" title="Could not read the model">
          <p>{card.error}</p>
        </Notice>
      )}
      {!c && card.loading && <p className="muted">Reading the model and trying it in this machine’s runtime…</p>}
      {c && (
        <>
          {c.runtime.loads ? (
            <p className="model-runtime model-runtime-ok">
              <span aria-hidden="true">✓ </span>
              {c.runtime.name} {c.runtime.version} on this machine loads this model.
            </p>
          ) : (
            <Notice tone="error" title={`${c.runtime.name} ${c.runtime.version} cannot run this model`}>
              <p>{c.runtime.reason}</p>
            </Notice>
          )}
          <KeyValueList
            items={[
              ['File', <code key="p">data/{c.path}</code>],
              ['Producer', c.producer || '—'],
              ['IR version', c.irVersion === null ? '—' : String(c.irVersion)],
              ['Opsets', c.opsets.map((o) => `${domainName(o.domain)} ${o.version}`).join(', ') || '—'],
              ['Classes', c.classes ? c.classes.join(', ') : '—'],
              ...(c.zipMapOutputs.length > 0
                ? ([
                    [
                      'ZipMap outputs',
                      `${c.zipMapOutputs.join(', ')}: replayed from the class-probability tensor the ZipMap reads`,
                    ],
                  ] as [string, string][])
                : []),
            ]}
          />
          <div className="grid-2">
            <div>
              <Interface title={`Inputs (${c.inputs.length})`} values={c.inputs} />
            </div>
            <div>
              <Interface title={`Outputs (${c.outputs.length})`} values={c.outputs} />
            </div>
          </div>
          <h3 className="replay-subhead">
            Operators (
            {plural(
              c.operators.reduce((n, o) => n + o.count, 0),
              'node',
            )}
            )
          </h3>
          <div className="table-wrap">
            <table className="table model-operators">
              <thead>
                <tr>
                  <th scope="col">Domain</th>
                  <th scope="col">Operator</th>
                  <th scope="col" className="num">
                    Nodes
                  </th>
                  <th scope="col">This machine</th>
                </tr>
              </thead>
              <tbody>
                {c.operators.map((o) => (
                  <tr key={`${o.domain} ${o.opType}`} className={o.supported === 'no' ? 'row-bad' : ''}>
                    <td>{domainName(o.domain)}</td>
                    <td>
                      <code>{o.opType}</code>
                    </td>
                    <td className="num">{o.count}</td>
                    <td className={o.supported === 'yes' ? 'file-ok' : o.supported === 'no' ? 'file-bad' : 'muted'}>
                      {SUPPORT[o.supported]}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
