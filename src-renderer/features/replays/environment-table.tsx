import type { ReplayOutcomeView } from '../../../src-main/common/schemas/replay';
import { KeyValueList } from '../../components/key-value-list';

/** Where the replay ran against where the run ran: the differences first, the whole local environment folded away. */
export function EnvironmentTable({ env }: { env: ReplayOutcomeView['environment'] }) {
  const local = env.local;
  return (
    <section className="card" aria-labelledby="sec-env-diff">
      <h2 id="sec-env-diff">Environment differences ({env.differences.length})</h2>
      {!env.recorded && <p className="muted">The bundle recorded no environment, so nothing can be compared.</p>}
      {env.recorded && env.differences.length === 0 && (
        <p>This machine matches the recorded environment in everything compared.</p>
      )}
      {env.differences.length > 0 && (
        <div className="table-wrap">
          <table className="table env-table" data-testid="environment-differences">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Recorded with the run</th>
                <th scope="col">This replay</th>
              </tr>
            </thead>
            <tbody>
              {env.differences.map((d) => (
                <tr key={d.name}>
                  <th scope="row">{d.name}</th>
                  <td>{d.recorded ?? <span className="muted">not recorded</span>}</td>
                  <td>{d.local ?? <span className="muted">not present</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <details className="replay-env-local">
        <summary>This machine</summary>
        <KeyValueList
          items={[
            ['OS', `${local.os} (${local.arch})`],
            ['CPU', `${local.cpu}, ${local.cores} cores`],
            ['Runtime', `${local.runtime.name} ${local.runtime.version}`],
            ['App', local.appVersion],
            ...Object.entries(local.packages).map(([name, version]): [string, string] => [name, version]),
          ]}
        />
      </details>
    </section>
  );
}
