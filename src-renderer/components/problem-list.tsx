import type { Problem } from '../../src-main/common/problem';

const DETAIL_KEYS = ['entity', 'algorithm', 'expected', 'actual'] as const;

/** Every problem in plain words, with its code, the file it concerns and the rule it enforces. */
export function ProblemList({ problems, kind = 'problem' }: { problems: Problem[]; kind?: 'problem' | 'warning' }) {
  if (problems.length === 0) return null;
  return (
    <ul className={`problems problems-${kind}`}>
      {problems.map((p, i) => (
        <li key={i} className="problem">
          <div className="problem-head">
            <span className={`tag tag-${kind}`}>{kind === 'problem' ? 'Problem' : 'Warning'}</span>
            <code className="problem-code">{p.code}</code>
            {p.path && <code className="problem-path">{p.path}</code>}
          </div>
          <p className="problem-message">{p.message}</p>
          {DETAIL_KEYS.some((k) => p[k]) && (
            <dl className="problem-details">
              {DETAIL_KEYS.filter((k) => p[k]).map((k) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>
                    <code>{String(p[k])}</code>
                  </dd>
                </div>
              ))}
            </dl>
          )}
          {p.rule && <p className="problem-rule">Rule: {p.rule}</p>}
        </li>
      ))}
    </ul>
  );
}
