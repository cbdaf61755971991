import { z } from 'zod';
import { problemSchema } from '../../../common/problem';
import { signerSchema } from '../../../common/schemas/authorship';
import type { ReadApi, Tx } from '../store-api';

/**
 * The `bundle_authorship` table: what each stored bundle's authorship envelope proved when it was read. The
 * status shown is derived from these facts and the keys trusted now (governance/authorship-report.ts).
 */

export const authorshipFactsSchema = z.object({
  envelopeSha256: z.string(),
  keyId: z.string().nullable(), // the key that signed (signature 'valid') or says it did
  signature: z.enum(['valid', 'bad', 'unchecked']), // unchecked: the key was not known when it was read
  claimed: signerSchema.nullable(),
  bundleName: z.string().nullable(),
  signedAt: z.string().nullable(),
  problems: z.array(problemSchema), // any one makes the signature invalid, whoever signed
});
export type StoredAuthorshipFacts = z.infer<typeof authorshipFactsSchema>;

interface AuthorshipRow {
  digest: string;
  envelope_sha256: string;
  key_id: string | null;
  signature: string;
  claimed_name: string | null;
  claimed_email: string | null;
  claimed_key_id: string | null;
  bundle_name: string | null;
  signed_at: string | null;
  problems_json: string;
}

const COLUMNS =
  'digest, envelope_sha256, key_id, signature, claimed_name, claimed_email, claimed_key_id, bundle_name, signed_at, problems_json';

function factsOf(row: AuthorshipRow): StoredAuthorshipFacts {
  return authorshipFactsSchema.parse({
    envelopeSha256: row.envelope_sha256,
    keyId: row.key_id,
    signature: row.signature,
    claimed:
      row.claimed_email !== null && row.claimed_key_id !== null
        ? { name: row.claimed_name ?? '', email: row.claimed_email, keyId: row.claimed_key_id }
        : null,
    bundleName: row.bundle_name,
    signedAt: row.signed_at,
    problems: JSON.parse(row.problems_json),
  });
}

export function upsertAuthorship(tx: Tx, digest: string, facts: StoredAuthorshipFacts): void {
  const c = facts.claimed;
  tx.run(`INSERT OR REPLACE INTO bundle_authorship (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    digest,
    facts.envelopeSha256,
    facts.keyId,
    facts.signature,
    c?.name ?? null,
    c?.email ?? null,
    c?.keyId ?? null,
    facts.bundleName,
    facts.signedAt,
    JSON.stringify(facts.problems),
  ]);
}

export function authorshipFacts(db: ReadApi, digest: string): StoredAuthorshipFacts | null {
  const row = db.get<AuthorshipRow>(`SELECT ${COLUMNS} FROM bundle_authorship WHERE digest = ?`, [digest]);
  return row ? factsOf(row) : null;
}

/**
 * The facts of the given bundles, or of every signed bundle (the inbox, the dashboard and the bundle list read many).
 */
export function authorshipFactsOf(db: ReadApi, digests?: string[]): Map<string, StoredAuthorshipFacts> {
  const rows = digests
    ? db.all<AuthorshipRow>(
        `SELECT ${COLUMNS} FROM bundle_authorship WHERE digest IN (SELECT value FROM json_each(?))`,
        [JSON.stringify(digests)],
      )
    : db.all<AuthorshipRow>(`SELECT ${COLUMNS} FROM bundle_authorship`);
  return new Map(rows.map((r) => [r.digest, factsOf(r)]));
}

/** Bundles whose signature was not checked because its key was unknown, among those now known. */
export function uncheckedSignedWith(db: ReadApi, keyIds: string[]): string[] {
  return db
    .all<{ digest: string }>(
      "SELECT digest FROM bundle_authorship WHERE signature = 'unchecked' AND key_id IN (SELECT value FROM json_each(?))",
      [JSON.stringify(keyIds)],
    )
    .map((r) => r.digest);
}

/** Bundles that carry the authorship tag file `tagPath` but have no authorship row (stored by an older version). */
export function envelopesWithoutFacts(db: ReadApi, tagPath: string): string[] {
  return db
    .all<{ digest: string }>(
      'SELECT t.digest FROM bundle_tag_files t LEFT JOIN bundle_authorship a ON a.digest = t.digest WHERE t.path = ? AND a.digest IS NULL',
      [tagPath],
    )
    .map((r) => r.digest);
}
