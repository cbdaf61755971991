import { Notice } from '../../components/notice';
import { downloadText } from '../../components/download';
import type { TeamEditResult } from '../../../src-main/common/schemas/governance';

/** A team version made here: in use or waiting for more admins, and its file to hand to the team. */
export function TeamEditOutcome({ result }: { result: TeamEditResult }) {
  const download = (
    <button
      type="button"
      className="btn"
      onClick={() => downloadText(result.fileName, 'application/json', result.document)}
    >
      Download the team file
    </button>
  );
  if (!result.imported) {
    return (
      <Notice tone="warning" title={`Version ${result.version} is signed by you, but not in use yet`}>
        <p>
          More admins must sign it; each downloads the file and runs provdesk team sign FILE, then it can be imported:
        </p>
        <ul>
          {result.stillToSign.map((a) => (
            <li key={a.keyId}>
              {a.name} &lt;{a.email}&gt; <code className="small">{a.fingerprint}</code>
            </li>
          ))}
        </ul>
        <div className="actions">{download}</div>
      </Notice>
    );
  }
  return (
    <Notice tone="success" title={`Version ${result.version} signed and in use`}>
      {result.notes.length > 0 && (
        <ul>
          {result.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      <p>
        Share the file with the team: each member imports it here (Import a team file) or with provdesk team import
        FILE.
      </p>
      <div className="actions">{download}</div>
    </Notice>
  );
}
