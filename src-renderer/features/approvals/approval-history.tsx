import { formatDate } from '../../components/format';
import type { ApprovalRecord } from '../../../src-main/common/schemas/governance';
import { downloadText } from '../../components/download';
import { recordState } from './approval-text';
import { approvalWords, toneBadgeClass } from '../../components/states';

/** An approval state in the shared vocabulary (components/states.ts). */
export function ApprovalStateBadge({ state }: { state: keyof typeof approvalWords }) {
  const w = approvalWords[state];
  return (
    <span className={toneBadgeClass(w.tone)} title={w.meaning} data-state={state}>
      <span className="badge-icon" aria-hidden="true">
        {w.icon}
      </span>
      {w.label}
    </span>
  );
}

/** A bundle's signed decisions, newest first, each downloadable as its envelope. */
export function ApprovalHistory({ rows }: { rows: ApprovalRecord[] }) {
  const sorted = [...rows].sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Decisions on this bundle" data-testid="approval-history">
        <thead>
          <tr>
            <th scope="col">Decided</th>
            <th scope="col">State</th>
            <th scope="col">Approver</th>
            <th scope="col">Key id</th>
            <th scope="col">Reason</th>
            <th scope="col">
              <span className="visually-hidden">Envelope</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.id} data-testid="approval-row">
              <td>{formatDate(r.decidedAt)}</td>
              <td>
                <ApprovalStateBadge state={recordState(r)} />
                {r.supersededBy && <div className="muted small">replaced by the same reviewer’s later decision</div>}
              </td>
              <td>
                {r.approver.name} <span className="muted">&lt;{r.approver.email}&gt;</span>
              </td>
              <td>
                <code title={r.approver.keyId}>{r.approver.keyId.slice(0, 16)}</code>
              </td>
              <td className="small">
                {r.reason}
                {Object.entries(r.justifications).map(([k, v]) => (
                  <div key={k} className="muted">
                    {k}: {v}
                  </div>
                ))}
              </td>
              <td>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() =>
                    downloadText(
                      `decision-${r.bundleDigest.slice(0, 12)}-${r.id.slice(0, 8)}.json`,
                      'application/json',
                      JSON.stringify(r.envelope, null, 2),
                    )
                  }
                >
                  Download
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
