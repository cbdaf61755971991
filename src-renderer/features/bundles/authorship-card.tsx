import type { ReactNode } from 'react';
import type { BundleDetail } from '../../../src-main/common/schemas/bundle';
import { AuthorshipBadge, authorshipMeaning } from '../../components/authorship-badge';
import { KeyValueList } from '../../components/key-value-list';
import { ProblemList } from '../../components/problem-list';
import { CopyButton } from '../../components/copy-button';
import { formatDate } from '../../components/format';

// A key id in groups of four, as fingerprints are read aloud in an out-of-band check.
const fingerprint = (keyId: string) => keyId.match(/.{1,4}/g)?.join(' ') ?? keyId;

function personText(p: { name: string | null; email: string | null; id: string } | null): string {
  if (!p) return 'none named';
  if (p.name && p.email) return `${p.name} <${p.email}>`;
  return p.name ?? p.email ?? p.id;
}

/** Who signed the run, checked against the team's keys, beside who its metadata says wrote it. */
export function AuthorshipCard({ d }: { d: BundleDetail }) {
  const a = d.authorship;
  const signer = a.signer ?? (a.status !== 'verified' ? a.claimed : null);
  const fix =
    a.status === 'unsigned'
      ? 'The author can sign it with “Export bundle…” (Sign) or provdesk sign, and send the signed copy: importing it adds the signature here.'
      : a.status === 'unknown-key'
        ? 'If the author is in the team, an admin adds their public key to the team file; then this signature is checked again.'
        : a.status === 'invalid' || a.status === 'revoked-key'
          ? 'Ask the author for a freshly signed copy.'
          : null;
  return (
    <section className={`card authorship-card authorship-${a.status}`} aria-labelledby="sec-authorship">
      <h2 id="sec-authorship">
        Author signature <AuthorshipBadge authorship={a} />
      </h2>
      <p>{authorshipMeaning(a)}</p>
      <KeyValueList
        items={[
          ...(signer
            ? ([
                [
                  a.status === 'verified' || a.status === 'revoked-key'
                    ? 'Signer (per the team)'
                    : 'Signer (as the signature claims)',
                  `${signer.name} <${signer.email}>`,
                ],
                [
                  'Key fingerprint',
                  <span className="digest-row" key="k">
                    <code className="digest-full">{fingerprint(signer.keyId)}</code>
                    <CopyButton value={signer.keyId} label="key id" />
                  </span>,
                ],
              ] as [string, ReactNode][])
            : []),
          ...(a.signedAt ? ([['Signed', formatDate(a.signedAt)]] as [string, string][]) : []),
          ['Author (as the metadata says)', personText(d.metadata.author)],
        ]}
      />
      {fix && <p className="muted">{fix}</p>}
      {a.problems.length > 0 && (
        <ProblemList problems={a.problems} kind={a.status === 'verified' ? 'warning' : undefined} />
      )}
    </section>
  );
}
