import type { AuthorshipReport } from '../common/schemas/authorship';

/** One line saying who signed a bundle, loud about anything short of a verified team key. */
export function authorshipLine(a: AuthorshipReport): string {
  const key = (id: string) => `key ${id.slice(0, 16)}`;
  switch (a.status) {
    case 'verified':
      return `  signed by ${a.signer!.name} <${a.signer!.email}> (${key(a.signer!.keyId)}): VERIFIED${a.signedAt ? `, ${a.signedAt}` : ''}`;
    case 'unsigned':
      return '  UNSIGNED: no author signature (authorship.dsse.json); the author can add one with provdesk sign';
    case 'unknown-key':
      return `  signed with an UNKNOWN KEY${a.claimed ? ` (it names ${a.claimed.name} <${a.claimed.email}>, ${key(a.claimed.keyId)})` : ''}: not among the team's keys`;
    case 'revoked-key':
      return `  signed with a REVOKED KEY of ${a.signer!.name} <${a.signer!.email}> (${key(a.signer!.keyId)})`;
    case 'invalid':
      return `  SIGNATURE INVALID${a.claimed ? ` (it names ${a.claimed.name} <${a.claimed.email}>)` : ''}: ${a.problems[0]?.message ?? 'it does not verify'}`;
  }
}
