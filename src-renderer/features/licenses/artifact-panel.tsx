import type { ReactNode } from 'react';
import type { LicenseRow } from '../../../src-main/common/schemas/licenses';
import { AccessBadge, LicenseBadge } from '../../components/license-badge';
import { KeyValueList } from '../../components/key-value-list';
import { formatDate } from '../../components/format';
import { hrefFor } from '../../app/routes';

const FLAG_TEXT: Record<string, string> = {
  'restricted-by-data': 'restricted by its training or evaluation data',
  'copyleft-distribution': 'copyleft: distributing the pipeline carries obligations',
  'non-commercial': 'non-commercial data: binds what is made from it',
  'share-alike': 'share-alike data: binds what is made from it',
};

/** One artifact's verdict in full: the reason, the suggested correction, flags and access. */
export function ArtifactPanel({
  row,
  onClose,
  onGrant,
}: {
  row: LicenseRow;
  onClose(): void;
  onGrant(row: LicenseRow): void;
}) {
  const guarded = row.classification === 'restricted' || row.classification === 'confidential';
  return (
    <section className="card artifact-panel" aria-labelledby="artifact-title">
      <div className="panel-head">
        <h2 id="artifact-title">
          <code>{row.path}</code> <LicenseBadge status={row.status} />
        </h2>
        <button
          type="button"
          className="btn btn-ghost btn-small push-right"
          onClick={onClose}
          aria-label="Close the details"
        >
          ✕
        </button>
      </div>
      <KeyValueList
        items={[
          [
            'Bundle',
            <a key="b" href={hrefFor('bundles', row.bundleDigest)}>
              {row.bundleName}
            </a>,
          ],
          ['License', row.expression ?? '(none declared)'],
          ['Why', row.reason],
          ...(row.suggestion ? ([['Suggested', <code key="s">{row.suggestion}</code>]] as [string, ReactNode][]) : []),
          ...(row.flags.length
            ? ([['Flags', row.flags.map((f) => FLAG_TEXT[f] ?? f).join('; ')]] as [string, string][])
            : []),
          ['Access', row.classification ? <AccessBadge key="a" value={row.classification} /> : 'not a data item'],
          ...(row.classification
            ? ([
                ['Grants', row.activeGrants ? `${row.activeGrants} active` : 'none'],
                ['Last access', row.lastAccess ? formatDate(row.lastAccess, true) : 'never'],
              ] as [string, string][])
            : []),
          ...(row.sha256
            ? ([
                [
                  'SHA-256',
                  <code key="h" className="digest-full">
                    {row.sha256}
                  </code>,
                ],
              ] as [string, ReactNode][])
            : []),
        ]}
      />
      {guarded && (
        <div className="actions">
          <button type="button" className="btn" onClick={() => onGrant(row)}>
            Grant access to this data set…
          </button>
        </div>
      )}
    </section>
  );
}
