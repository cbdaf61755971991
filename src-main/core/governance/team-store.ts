import type { StoredTeam, TeamFile } from '../../common/schemas/governance';
import { appendAudit } from '../audit/audit-log';
import { sha256Hex } from '../audit/audit-chain';
import { canonicalJson } from '../audit/canonical-json';
import { readPolicy } from './policy-store';
import type { ReadApi, Store, Tx } from '../store/store';
import { keyIdOfPublicKey, parsePublicKey } from './ed25519-keys';
import { teamKeys, type TrustedKey } from './team-file';
import type { Identity } from '../../common/schemas/governance';

/** Team file versions (every import kept, audited) and the module owners they set. */

interface TeamRow {
  version: number;
  hash: string;
  team_json: string;
  imported_at: string;
  imported_by: string;
}

export function readTeam(db: ReadApi): StoredTeam | null {
  const row = db.get<TeamRow>('SELECT version, hash, team_json, imported_at, imported_by FROM team_versions ORDER BY version DESC LIMIT 1');
  return row ? { version: row.version, hash: row.hash, team: JSON.parse(row.team_json) as TeamFile, importedAt: row.imported_at, importedBy: row.imported_by } : null;
}

/**
 * Stores a parsed team file (parseTeam's output) as the next version and sets the owners of every module it
 * names (other modules keep theirs), with one 'team.import' audit entry. The same content again stores nothing.
 */
export function importTeam(store: Store, team: TeamFile, actor: string): { team: StoredTeam; changed: boolean } {
  return store.transaction((tx) => {
    const current = readTeam(tx);
    const json = canonicalJson(team);
    const hash = sha256Hex(json);
    if (current?.hash === hash) return { team: current, changed: false };
    const version = (current?.version ?? 0) + 1;
    const importedAt = tx.now().toISOString();
    tx.run('INSERT INTO team_versions (version, hash, team_json, imported_at, imported_by) VALUES (?, ?, ?, ?, ?)', [version, hash, json, importedAt, actor]);
    for (const [module, emails] of Object.entries(team.moduleOwners)) replaceOwners(tx, module, emails, actor, importedAt);
    const members = team.members.map((m) => ({ email: m.email, keyId: keyIdOfPublicKey(parsePublicKey(m.publicKey)), roles: m.roles, revokedKeys: m.revokedKeys }));
    appendAudit(tx, {
      actor,
      action: 'team.import',
      subject: `team/${version}`,
      details: { version, hash, quorum: team.quorum, members, moduleOwners: team.moduleOwners, ...(current ? { previousVersion: current.version, previousHash: current.hash, changes: teamChanges(current.team, team) } : {}) },
    });
    return { team: { version, hash, team: JSON.parse(json) as TeamFile, importedAt, importedBy: actor }, changed: true };
  });
}

/** Members added and removed, keys rotated or revoked, roles and quorum changed: what an auditor reads. */
export function teamChanges(before: TeamFile, after: TeamFile): Record<string, unknown> {
  const was = new Map(before.members.map((m) => [m.email, m]));
  const now = new Map(after.members.map((m) => [m.email, m]));
  const out: Record<string, unknown> = {
    added: [...now.keys()].filter((e) => !was.has(e)),
    removed: [...was.keys()].filter((e) => !now.has(e)),
    keyChanged: [...now.values()].filter((m) => was.has(m.email) && was.get(m.email)!.publicKey !== m.publicKey).map((m) => m.email),
    rolesChanged: [...now.values()].filter((m) => was.has(m.email) && was.get(m.email)!.roles.join() !== m.roles.join()).map((m) => m.email),
    revoked: [...now.values()].flatMap((m) => m.revokedKeys.filter((k) => !(was.get(m.email)?.revokedKeys ?? []).includes(k)).map((keyId) => ({ email: m.email, keyId }))),
  };
  if (before.quorum !== after.quorum) out.quorum = { from: before.quorum, to: after.quorum };
  return out;
}

export function replaceOwners(tx: Tx, module: string, emails: string[], actor: string, at: string): { before: string[]; after: string[] } {
  const before = moduleOwnersOf(tx, module);
  const after = [...new Set(emails.map((e) => e.trim().toLowerCase()))].sort();
  tx.run('DELETE FROM module_owners WHERE module = ?', [module]);
  for (const email of after) tx.run('INSERT INTO module_owners (module, email, set_at, set_by) VALUES (?, ?, ?, ?)', [module, email, at, actor]);
  return { before, after };
}

export function moduleOwnersOf(db: ReadApi, module: string): string[] {
  return db.all<{ email: string }>('SELECT email FROM module_owners WHERE module = ? ORDER BY email', [module]).map((r) => r.email);
}

export function allModuleOwners(db: ReadApi): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of db.all<{ module: string; email: string }>('SELECT module, email FROM module_owners ORDER BY module, email')) (out[r.module] ??= []).push(r.email);
  return out;
}

/**
 * The hash approvals are made under: the license policy's hash and the team's quorum. When either changes,
 * earlier decisions no longer hold (superseded) and the bundle needs review again.
 */
export function approvalPolicyHash(db: ReadApi): string {
  return sha256Hex(canonicalJson({ licensePolicy: readPolicy(db).hash, quorum: readTeam(db)?.team.quorum ?? 1 }));
}

/** The keys decisions are checked against: the team's; without a team, the local identity's alone. */
export function trustedKeys(db: ReadApi, local: Identity | null): TrustedKey[] {
  const team = readTeam(db);
  if (team) return teamKeys(team.team);
  return local ? [{ keyId: local.keyId, publicKey: local.publicKey, name: local.name, email: local.email, roles: ['reviewer'], revoked: false }] : [];
}
