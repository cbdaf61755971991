import { z } from 'zod';
import { teamFileSchema, type TeamFile } from '../../../common/schemas/governance';
import { teamVersionEnvelopeSchema, type TeamVersionEnvelope } from '../../../common/schemas/team-document';
import type { ReadApi, Tx } from '../store-api';

/**
 * The team aggregate: signed team versions (signed_team_versions), plain team files imported before signed teams
 * (team_versions, read only: nothing writes them any more) and module owners (module_owners).
 */

export interface StoredTeamVersion {
  version: number;
  hash: string;
  team: TeamFile;
  importedAt: string;
  importedBy: string;
}

export interface StoredSignedTeamVersion extends StoredTeamVersion {
  signers: string[]; // key ids whose signatures counted
}

const signersSchema = z.array(z.string());

interface TeamRow {
  version: number;
  hash: string;
  team_json: string;
  imported_at: string;
  imported_by: string;
}

const teamVersionOf = (row: TeamRow): StoredTeamVersion => ({
  version: row.version,
  hash: row.hash,
  team: teamFileSchema.parse(JSON.parse(row.team_json)),
  importedAt: row.imported_at,
  importedBy: row.imported_by,
});

/** The newest signed version, or null when the store never took a signed team. */
export function latestSignedTeam(db: ReadApi): StoredSignedTeamVersion | null {
  const row = db.get<TeamRow & { signers_json: string }>(
    'SELECT version, hash, team_json, signers_json, imported_at, imported_by FROM signed_team_versions ORDER BY version DESC LIMIT 1',
  );
  return row ? { ...teamVersionOf(row), signers: signersSchema.parse(JSON.parse(row.signers_json)) } : null;
}

/** The version the first signed import pinned, and when. */
export function pinnedTeamVersion(db: ReadApi): { version: number; at: string } | null {
  const row = db.get<{ version: number; imported_at: string }>(
    'SELECT version, imported_at FROM signed_team_versions WHERE pinned = 1',
  );
  return row ? { version: row.version, at: row.imported_at } : null;
}

/** The newest plain (unsigned) team file, as stores held them before signed teams. */
export function latestLegacyTeam(db: ReadApi): StoredTeamVersion | null {
  const row = db.get<TeamRow>(
    'SELECT version, hash, team_json, imported_at, imported_by FROM team_versions ORDER BY version DESC LIMIT 1',
  );
  return row ? teamVersionOf(row) : null;
}

/** Every signed version, oldest first, as it was signed (`{signed, signatures}`). */
export function signedTeamDocuments(db: ReadApi): { version: number; hash: string; document: TeamVersionEnvelope }[] {
  return db
    .all<{ version: number; hash: string; document_json: string }>(
      'SELECT version, hash, document_json FROM signed_team_versions ORDER BY version',
    )
    .map((r) => ({
      version: r.version,
      hash: r.hash,
      document: teamVersionEnvelopeSchema.parse(JSON.parse(r.document_json)),
    }));
}

/** Keeps one signed version; a version already held is left as it is. */
export function insertSignedTeamVersion(
  tx: Tx,
  v: { version: number; hash: string; document: TeamVersionEnvelope; team: TeamFile; signers: string[] },
  importedAt: string,
  importedBy: string,
  pinned: boolean,
): void {
  tx.run(
    'INSERT OR IGNORE INTO signed_team_versions (version, hash, document_json, team_json, signers_json, imported_at, imported_by, pinned) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [
      v.version,
      v.hash,
      JSON.stringify(v.document),
      JSON.stringify(v.team),
      JSON.stringify(v.signers),
      importedAt,
      importedBy,
      pinned ? 1 : 0,
    ],
  );
}

export function moduleOwners(db: ReadApi, module: string): string[] {
  return db
    .all<{ email: string }>('SELECT email FROM module_owners WHERE module = ? ORDER BY email', [module])
    .map((r) => r.email);
}

/** Every module's owners, by module. */
export function allModuleOwners(db: ReadApi): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of db.all<{ module: string; email: string }>(
    'SELECT module, email FROM module_owners ORDER BY module, email',
  ))
    (out[r.module] ??= []).push(r.email);
  return out;
}

/** Replaces a module's owners with `emails` (as given), set at `at` by `actor`. */
export function replaceModuleOwners(tx: Tx, module: string, emails: string[], actor: string, at: string): void {
  tx.run('DELETE FROM module_owners WHERE module = ?', [module]);
  for (const email of emails)
    tx.run('INSERT INTO module_owners (module, email, set_at, set_by) VALUES (?, ?, ?, ?)', [module, email, at, actor]);
}
