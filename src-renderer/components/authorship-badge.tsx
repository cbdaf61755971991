import type { AuthorshipReport, AuthorshipStatus } from '../../src-main/common/schemas/authorship';

type Shown = Pick<AuthorshipReport, 'status' | 'signer' | 'claimed'>;

const LABELS: Record<AuthorshipStatus, { text: string; icon: string; tone: 'ok' | 'warn' | 'bad' }> = {
  verified: { text: 'Signed', icon: '✓', tone: 'ok' },
  unsigned: { text: 'Unsigned', icon: '!', tone: 'warn' },
  'unknown-key': { text: 'Unknown key', icon: '?', tone: 'warn' },
  'revoked-key': { text: 'Revoked key', icon: '✕', tone: 'bad' },
  invalid: { text: 'Signature invalid', icon: '✕', tone: 'bad' },
};

const shortKey = (keyId: string) => keyId.slice(0, 16);

/** What the status means, in one sentence a reviewer can act on. */
export function authorshipMeaning(a: Shown): string {
  switch (a.status) {
    case 'verified':
      return `Signed by ${a.signer!.name} <${a.signer!.email}> with key ${shortKey(a.signer!.keyId)}, a key the team trusts.`;
    case 'unsigned':
      return 'No author signature: who made this run is what its metadata says, which anyone can edit.';
    case 'unknown-key':
      return `Signed with key ${a.claimed ? shortKey(a.claimed.keyId) : '(unnamed)'}, which is not among the team's keys${a.claimed ? `; it names ${a.claimed.name} <${a.claimed.email}>, which nothing confirms` : ''}.`;
    case 'revoked-key':
      return `Signed with a key of ${a.signer!.email} that the team has revoked.`;
    case 'invalid':
      return 'The author signature does not verify: the bundle or its signature was altered, or it was made for other files.';
  }
}

/** The authorship status as a badge, naming the signer when verified; the colour only repeats the words. */
export function AuthorshipBadge({ authorship }: { authorship: Shown }) {
  const l = LABELS[authorship.status];
  const who = authorship.status === 'verified' || authorship.status === 'revoked-key' ? authorship.signer?.name : null;
  return (
    <span className={`badge badge-signature-${l.tone}`} title={authorshipMeaning(authorship)}>
      <span className="badge-icon" aria-hidden="true">
        {l.icon}
      </span>
      {who ? `${l.text} by ${who}` : l.text}
    </span>
  );
}

/**
 * A list cell: the verified signer's name with a check, or the metadata's author marked as not verified, so a
 * name in the table never passes for a verified one.
 */
export function AuthorCell({ authorship, author }: { authorship: Shown | undefined; author: string | null }) {
  const a = authorship ?? { status: 'unsigned' as const, signer: null, claimed: null };
  const l = LABELS[a.status];
  if (a.status === 'verified' && a.signer) {
    return (
      <span className="author-cell author-verified" title={authorshipMeaning(a)}>
        <span className="author-mark" aria-hidden="true">
          {l.icon}
        </span>
        <span className="visually-hidden">Signed by </span>
        {a.signer.name}
      </span>
    );
  }
  const name = a.status === 'revoked-key' ? (a.signer?.name ?? author) : author;
  return (
    <span
      className={`author-cell author-${l.tone}`}
      title={`${authorshipMeaning(a)}${author ? ` The metadata names ${author}.` : ''}`}
    >
      <span className="author-mark" aria-hidden="true">
        {l.icon}
      </span>
      <span className="author-note">{l.text.toLowerCase()}</span>
      <span className="author-name">{name ?? 'unknown'}</span>
    </span>
  );
}
