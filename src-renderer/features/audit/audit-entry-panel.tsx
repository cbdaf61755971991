import type { ListedAuditEntry as AuditEntry } from '../../../src-main/common/schemas/audit';
import { KeyValueList } from '../../components/key-value-list';
import { CopyButton } from '../../components/copy-button';

/** One entry in full: every field the hash covers, details as indented JSON (rendered as text). */
export function AuditEntryPanel({ entry, onClose }: { entry: AuditEntry; onClose(): void }) {
  return (
    <section className="card audit-entry" aria-labelledby="audit-entry-title">
      <h2 id="audit-entry-title">
        Entry {entry.seq}
        <button type="button" className="btn btn-small btn-ghost push-right" onClick={onClose}>
          Close
        </button>
      </h2>
      <KeyValueList
        items={[
          ['Time', <code key="t">{entry.time}</code>],
          ['Actor', entry.actor],
          ['Action', <code key="a">{entry.action}</code>],
          [
            'Subject',
            <span key="s">
              {entry.subjectName && <span className="audit-subject-name">{entry.subjectName} </span>}
              <code>{entry.subject}</code>
            </span>,
          ],
          [
            'Hash',
            <span className="digest-row" key="h">
              <code className="digest-full">{entry.hash}</code>
              <CopyButton value={entry.hash} label={`hash of entry ${entry.seq}`} />
            </span>,
          ],
          [
            'Previous hash',
            <code className="digest-full" key="p">
              {entry.prevHash}
            </code>,
          ],
        ]}
      />
      <h3>Details</h3>
      <pre className="json">{JSON.stringify(entry.details, null, 2)}</pre>
    </section>
  );
}
