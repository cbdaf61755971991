import type { Problem } from '../../common/problem';
import type { ReadApi, Tx } from '../store/store';
import { AUTHORSHIP_TAG_FILE, readAuthorship, type AuthorshipFacts } from './authorship';
import type { TrustedKey } from './team-file';

/**
 * What each stored bundle's authorship envelope proved, kept beside the bundle: the status is derived from it
 * and the keys trusted now, so a team change (a key added, revoked or removed) shows without a re-import.
 */

interface AuthorshipRow {
  digest: string;
  envelope_sha256: string;
  key_id: string | null;
  signature: AuthorshipFacts['signature'];
  claimed_name: string | null;
  claimed_email: string | null;
  claimed_key_id: string | null;
  bundle_name: string | null;
  signed_at: string | null;
  problems_json: string;
}

export function recordAuthorship(tx: Tx, digest: string, facts: AuthorshipFacts): void {
  const c = facts.claimed;
  tx.run(
    `INSERT OR REPLACE INTO bundle_authorship (digest, envelope_sha256, key_id, signature, claimed_name, claimed_email, claimed_key_id, bundle_name, signed_at, problems_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [digest, facts.envelopeSha256, facts.keyId, facts.signature, c?.name ?? null, c?.email ?? null, c?.keyId ?? null, facts.bundleName, facts.signedAt, JSON.stringify(facts.problems)],
  );
}

function factsOf(row: AuthorshipRow): AuthorshipFacts {
  return {
    envelopeSha256: row.envelope_sha256,
    keyId: row.key_id,
    signature: row.signature,
    claimed: row.claimed_email !== null && row.claimed_key_id !== null ? { name: row.claimed_name ?? '', email: row.claimed_email, keyId: row.claimed_key_id } : null,
    bundleName: row.bundle_name,
    signedAt: row.signed_at,
    problems: JSON.parse(row.problems_json) as Problem[],
  };
}

export function storedAuthorshipFacts(db: ReadApi, digest: string): AuthorshipFacts | null {
  const row = db.get<AuthorshipRow>('SELECT * FROM bundle_authorship WHERE digest = ?', [digest]);
  return row ? factsOf(row) : null;
}

/** Every signed bundle's facts at once (the inbox, the dashboard and the bundle list read many). */
export function allAuthorshipFacts(db: ReadApi, digests?: string[]): Map<string, AuthorshipFacts> {
  const rows = digests
    ? db.all<AuthorshipRow>('SELECT * FROM bundle_authorship WHERE digest IN (SELECT value FROM json_each(?))', [JSON.stringify(digests)])
    : db.all<AuthorshipRow>('SELECT * FROM bundle_authorship');
  return new Map(rows.map((r) => [r.digest, factsOf(r)]));
}

/**
 * Signatures whose key was unknown when they arrived are checked once the key is trusted (a team imported, an
 * identity made): call inside the transaction that changes the keys, with the keys trusted after the change. The envelope is read from the stored tag file.
 */
export function refreshAuthorshipTrust(tx: Tx, keys: TrustedKey[]): number {
  const known = keys.filter((k) => k.publicKey).map((k) => k.keyId);
  if (known.length === 0) return 0;
  const rows = tx.all<{ digest: string }>("SELECT digest FROM bundle_authorship WHERE signature = 'unchecked' AND key_id IN (SELECT value FROM json_each(?))", [JSON.stringify(known)]);
  for (const { digest } of rows) {
    const facts = readStoredEnvelope(tx, digest, keys);
    if (facts) recordAuthorship(tx, digest, facts);
  }
  return rows.length;
}

/** Reads a stored bundle's authorship envelope again against `keys` (null when it has none). */
export function readStoredEnvelope(db: ReadApi, digest: string, keys: TrustedKey[]): AuthorshipFacts | null {
  const tag = db.get<{ content: Uint8Array }>('SELECT content FROM bundle_tag_files WHERE digest = ? AND path = ?', [digest, AUTHORSHIP_TAG_FILE]);
  if (!tag) return null;
  const files = db.all<{ path: string; sha256: string }>('SELECT path, sha256 FROM bundle_files WHERE digest = ? ORDER BY path', [digest]);
  return readAuthorship(tag.content, { digest, files }, keys);
}

