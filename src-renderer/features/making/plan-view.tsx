import type { BundlePlan } from '../../../src-main/common/schemas/making';
import type { Problem } from '../../../src-main/common/problem';
import { KeyValueList } from '../../components/key-value-list';
import { ProblemList } from '../../components/problem-list';
import { formatBytes, formatScalar, plural } from '../../components/format';

/** Where in provenance.yaml a problem is, when it says: "line 16, column 37". */
function where(p: Problem): string | null {
  return typeof p['line'] === 'number' ? `line ${p['line']}, column ${String(p['column'] ?? '?')}` : null;
}

/** The message without its "provenance.yaml:16:37: " prefix when the place is shown apart. */
function withoutPlace(p: Problem): string {
  return where(p) ? p.message.replace(/^provenance\.yaml:\d+:\d+: /, '') : p.message;
}

/** What will be packed, before anything is written: files, metadata in brief, warnings; or why it cannot be. */
export function PlanView({ plan }: { plan: BundlePlan }) {
  if (!plan.ready) {
    return (
      <section aria-label="Problems" className="plan-problems" data-testid="plan-problems">
        <h3>Cannot be packed: {plural(plan.problems.length, 'problem')}</h3>
        <ul className="plan-problem-list">
          {plan.problems.map((p, i) => (
            <li key={i}>
              {where(p) && <strong className="plan-where">{where(p)}</strong>} <span>{withoutPlace(p)}</span>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  const metrics = Object.entries(plan.metrics);
  const params = Object.entries(plan.parameters);
  return (
    <div className="plan" data-testid="plan">
      <section aria-label="Metadata">
        <h3>Metadata</h3>
        <KeyValueList
          items={[
            ['Name', plan.name ?? '—'],
            ['Author', plan.author ?? '—'],
            ['License', plan.license ?? '—'],
            ['Run', [plan.runName, plan.runId].filter(Boolean).join(' · ') || '—'],
            ['Model', plan.models.join(', ') || 'none'],
            [
              'Replay',
              plan.replay
                ? 'replay.json will be written: the bundle can be replayed'
                : 'no replay.json: the bundle cannot be replayed',
            ],
            ['Environment', plan.environment ? 'env/environment.json will be written' : 'none recorded'],
            ['Modules', plan.modules.map((m) => `${m.name}${m.version ? ` ${m.version}` : ''}`).join(', ') || '—'],
            ['Parameters', params.length ? params.map(([k, v]) => `${k}=${formatScalar(v)}`).join(', ') : '—'],
            [
              'Metrics (reported)',
              metrics.length ? metrics.map(([k, v]) => `${k}=${formatScalar(v)}`).join(', ') : '—',
            ],
          ]}
        />
      </section>
      <section aria-label="Files">
        <h3>
          Files: {plural(plan.files.length, 'file')}, {formatBytes(plan.totalBytes)}
        </h3>
        <div className="table-wrap plan-files">
          <table className="table" aria-label="Files to pack">
            <thead>
              <tr>
                <th scope="col">Path</th>
                <th scope="col">Role</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">License</th>
                <th scope="col">Access</th>
              </tr>
            </thead>
            <tbody>
              {plan.files.map((f) => (
                <tr key={f.path}>
                  <td>
                    <code>{f.path}</code>
                    {f.generated && <span className="muted small"> (made by the converter)</span>}
                  </td>
                  <td>{f.role}</td>
                  <td className="num">{formatBytes(f.bytes)}</td>
                  <td>{f.license ?? <span className="muted">bundle's</span>}</td>
                  <td>{f.access ?? <span className="muted">bundle's</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {plan.warnings.length > 0 && (
        <section aria-label="Warnings">
          <h3>Warnings ({plan.warnings.length})</h3>
          <ProblemList problems={plan.warnings} kind="warning" />
        </section>
      )}
    </div>
  );
}
