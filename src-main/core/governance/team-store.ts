import type { StoredTeam, TeamFile } from '../../common/schemas/governance';
import {
  allModuleOwners as ownersByModule,
  latestLegacyTeam,
  latestSignedTeam,
  moduleOwners,
  pinnedTeamVersion,
  replaceModuleOwners,
  signedTeamDocuments,
} from '../store/repos/team-repo';
import type { TeamSignature } from '../../common/schemas/team-document';
import { sha256Hex } from '../audit/audit-chain';
import { canonicalJson } from '../audit/canonical-json';
import { readPolicy } from './policy-store';
import type { ReadApi, Tx } from '../store/store';
import { teamKeys, type TrustedKey } from './team-file';
import { teamAdmins } from './team-document';
import type { Identity } from '../../common/schemas/governance';

/**
 * The team the store trusts: the newest signed version (signed_team_versions), or, in a store that has only
 * plain team files imported before signed teams, the newest of those (team_versions), marked unsigned.
 * Imports are in team-import.ts.
 */

export function readTeam(db: ReadApi): StoredTeam | null {
  const signed = latestSignedTeam(db);
  if (signed) {
    const pin = pinnedTeamVersion(db);
    return {
      version: signed.version,
      hash: signed.hash,
      team: signed.team,
      importedAt: signed.importedAt,
      importedBy: signed.importedBy,
      signed: true,
      admins: teamAdmins(signed.team).map(({ name, email, keyId }) => ({ name, email, keyId })),
      pinned: pin,
      signers: signed.signers,
    };
  }
  const legacy = latestLegacyTeam(db);
  if (!legacy) return null;
  // Nobody administers a team file that was never signed: it is kept working until a signed team replaces it.
  return { ...legacy, signed: false, admins: [], pinned: null, signers: [] };
}

/**
 * Every signed version the store holds, oldest first, as `{signed, signatures}` (to rebuild a file with its history).
 */
export function storedTeamVersions(
  db: ReadApi,
): { version: number; hash: string; document: { signed: Record<string, unknown>; signatures: TeamSignature[] } }[] {
  return signedTeamDocuments(db);
}

/** Members added and removed, keys rotated or revoked, roles and quorum changed: what an auditor reads. */
export function teamChanges(before: TeamFile, after: TeamFile): Record<string, unknown> {
  const was = new Map(before.members.map((m) => [m.email, m]));
  const now = new Map(after.members.map((m) => [m.email, m]));
  const out: Record<string, unknown> = {
    added: [...now.keys()].filter((e) => !was.has(e)),
    removed: [...was.keys()].filter((e) => !now.has(e)),
    keyChanged: [...now.values()]
      .filter((m) => was.has(m.email) && was.get(m.email)!.publicKey !== m.publicKey)
      .map((m) => m.email),
    rolesChanged: [...now.values()]
      .filter((m) => was.has(m.email) && was.get(m.email)!.roles.join() !== m.roles.join())
      .map((m) => m.email),
    revoked: [...now.values()].flatMap((m) =>
      m.revokedKeys
        .filter((k) => !(was.get(m.email)?.revokedKeys ?? []).includes(k))
        .map((keyId) => ({ email: m.email, keyId })),
    ),
  };
  if (before.quorum !== after.quorum) out.quorum = { from: before.quorum, to: after.quorum };
  if (before.adminQuorum !== after.adminQuorum) out.adminQuorum = { from: before.adminQuorum, to: after.adminQuorum };
  if (before.requireSignedAuthorship !== after.requireSignedAuthorship)
    out.requireSignedAuthorship = { from: before.requireSignedAuthorship, to: after.requireSignedAuthorship };
  return out;
}

export function replaceOwners(
  tx: Tx,
  module: string,
  emails: string[],
  actor: string,
  at: string,
): { before: string[]; after: string[] } {
  const before = moduleOwnersOf(tx, module);
  const after = [...new Set(emails.map((e) => e.trim().toLowerCase()))].sort();
  replaceModuleOwners(tx, module, after, actor, at);
  return { before, after };
}

export function moduleOwnersOf(db: ReadApi, module: string): string[] {
  return moduleOwners(db, module);
}

export function allModuleOwners(db: ReadApi): Record<string, string[]> {
  return ownersByModule(db);
}

/**
 * The hash approvals are made under: the license policy's hash, the team's quorum, and whether the team requires
 * signed authorship. When any changes, earlier decisions no longer hold (superseded) and the bundle needs review again.
 */
export function approvalPolicyHash(db: ReadApi): string {
  const team = readTeam(db)?.team ?? null;
  // Decisions made before authorship had to be signed (any team, legacy ones too) are re-examined; a store without a
  // team keeps its hash.
  const signedAuthorship = team && team.requireSignedAuthorship !== false ? { signedAuthorship: true } : {};
  return sha256Hex(
    canonicalJson({ licensePolicy: readPolicy(db).hash, quorum: team?.quorum ?? 1, ...signedAuthorship }),
  );
}

/** The keys decisions are checked against: the team's; without a team, the local identity's alone. */
export function trustedKeys(db: ReadApi, local: Identity | null): TrustedKey[] {
  const team = readTeam(db);
  if (team) return teamKeys(team.team);
  return local
    ? [
        {
          keyId: local.keyId,
          publicKey: local.publicKey,
          name: local.name,
          email: local.email,
          roles: ['reviewer'],
          revoked: false,
        },
      ]
    : [];
}
