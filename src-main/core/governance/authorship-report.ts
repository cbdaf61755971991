import type { Problem } from '../../common/problem';
import type { AuthorshipCode } from '../../common/problem-codes';
import { UNSIGNED_AUTHORSHIP, type AuthorshipReport } from '../../common/schemas/authorship';
import { AUTHORSHIP_TAG_FILE } from '../bundle/authorship-file';
import type { AuthorshipFacts } from './authorship';
import type { TrustedKey } from './team-file';

const same = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
const short = (keyId: string | null) => (keyId ? keyId.slice(0, 16) : '(no key id)');

/**
 * The authorship status under the keys trusted now (the team's, or the local identity without a team). The
 * facts were read when the bundle arrived; trust follows the team, so a key revoked later shows as revoked.
 * `crateAuthor` is the RO-Crate's author: a different person from the signer is a warning, never a reason.
 */
export function authorshipReport(
  facts: AuthorshipFacts | null,
  keys: TrustedKey[],
  crateAuthor: { name: string | null; email: string | null } | null = null,
): AuthorshipReport {
  if (!facts) return UNSIGNED_AUTHORSHIP;
  const claimed = facts.claimed
    ? { name: facts.claimed.name, email: facts.claimed.email, keyId: facts.claimed.keyId }
    : null;
  const base = { claimed, signedAt: facts.signedAt };
  if (facts.problems.length > 0 || facts.signature === 'bad') {
    return {
      ...base,
      status: 'invalid',
      signer: null,
      problems:
        facts.problems.length > 0
          ? facts.problems
          : [warnless('authorship-bad-signature', 'the signature does not verify')],
    };
  }
  const key = facts.keyId ? keys.find((k) => k.keyId === facts.keyId) : undefined;
  const who = claimed ? ` (it names ${claimed.name} <${claimed.email}>)` : '';
  if (!key || (facts.signature === 'unchecked' && !key.revoked)) {
    return {
      ...base,
      status: 'unknown-key',
      signer: null,
      problems: [
        warnless(
          'authorship-unknown-key',
          `signed with key ${short(facts.keyId)}, which is not among the team's keys${who}: ask an admin to add the author's key to the team, or check who sent it`,
        ),
      ],
    };
  }
  const signer = { name: key.name, email: key.email, keyId: key.keyId };
  if (key.revoked) {
    return {
      ...base,
      status: 'revoked-key',
      signer,
      problems: [
        warnless(
          'authorship-revoked-key',
          `signed with key ${short(key.keyId)} of ${key.email}, which the team has revoked`,
        ),
      ],
    };
  }
  const warnings: Problem[] = [];
  if (claimed && !same(claimed.email, key.email)) {
    warnings.push(
      warning(
        'authorship-claim-differs',
        `the envelope names ${claimed.email}, but the team gives key ${short(key.keyId)} to ${key.email}`,
      ),
    );
  }
  if (crateAuthor?.email && !same(crateAuthor.email, key.email)) {
    warnings.push(
      warning(
        'authorship-author-differs',
        `the run's metadata names ${crateAuthor.name ?? crateAuthor.email} <${crateAuthor.email}> as author, but ${key.email} signed it`,
      ),
    );
  }
  return { ...base, status: 'verified', signer, problems: warnings };
}

function warnless(code: AuthorshipCode, message: string): Problem {
  return { code, message, path: AUTHORSHIP_TAG_FILE };
}

function warning(code: AuthorshipCode, message: string): Problem {
  return { code, message, path: AUTHORSHIP_TAG_FILE, severity: 'warning' };
}
