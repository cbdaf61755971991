import type { StoredTeam } from '../../common/schemas/governance';
import { keyFingerprint } from '../../common/schemas/team-document';
import { keyIdOfPublicKey, parsePublicKey } from '../governance/ed25519-keys';
import { readPolicy } from '../governance/policy-store';
import { teamAdmins, type TeamAdminKey, type TeamVersion } from '../governance/team-document';
import { importTeam, type TeamImportOutcome } from '../governance/team-import';
import { approvalPolicyHash, readTeam } from '../governance/team-store';
import type { ReadApi, Store } from '../store/store';

/** A team as `provdesk team` prints it: one JSON shape for the store's team and for a version in a file. */

/** A file's version seen as the store would keep it (not imported anywhere yet). */
export function fileTeam(v: TeamVersion, signers: string[]): StoredTeam {
  return {
    version: v.version,
    hash: v.hash,
    team: v.team,
    importedAt: '',
    importedBy: '',
    signed: true,
    admins: teamAdmins(v.team).map(({ name, email, keyId }) => ({ name, email, keyId })),
    pinned: null,
    signers,
  };
}

export type TeamView = ReturnType<typeof teamView>;

/**
 * The team's members (with key ids), owners, quorums and trust; with the store, the policy approvals are made under.
 */
export function teamView(stored: StoredTeam | null, db: ReadApi | null = null) {
  const license = db ? readPolicy(db) : null;
  return {
    version: stored?.version ?? null,
    hash: stored?.hash ?? null,
    importedAt: stored?.importedAt || null,
    importedBy: stored?.importedBy || null,
    name: stored?.team.name ?? null,
    signed: stored?.signed ?? false,
    pinned: stored?.pinned ?? null,
    admins: (stored?.admins ?? []).map((a) => ({ ...a, fingerprint: keyFingerprint(a.keyId) })),
    signers: stored?.signers ?? [],
    members: (stored?.team.members ?? []).map((m) => ({
      name: m.name,
      email: m.email,
      roles: m.roles,
      keyId: keyIdOfPublicKey(parsePublicKey(m.publicKey)),
      publicKey: m.publicKey,
      revokedKeys: m.revokedKeys,
    })),
    moduleOwners: stored?.team.moduleOwners ?? {},
    quorum: stored?.team.quorum ?? 1,
    adminQuorum: stored?.team.adminQuorum ?? 1,
    requireSignedAuthorship: stored?.team.requireSignedAuthorship ?? false,
    ...(db && license
      ? { policy: { hash: approvalPolicyHash(db), licensePolicy: { version: license.version, hash: license.hash } } }
      : {}),
  };
}

/** The team the store trusts, as teamView shows it. */
export function storeTeamView(db: ReadApi): TeamView {
  return teamView(readTeam(db), db);
}

/** An admin with the fingerprint to compare over another channel. */
export function adminView(a: Pick<TeamAdminKey, 'name' | 'email' | 'keyId'>) {
  return { name: a.name, email: a.email, keyId: a.keyId, fingerprint: keyFingerprint(a.keyId) };
}

// Problems with the file itself; every other refusal is a rule the file breaks.
const UNREADABLE = new Set([
  'team-invalid',
  'team-unsigned',
  'team-bad-key',
  'team-duplicate-member',
  'team-duplicate-key',
]);

/**
 * `team import`: the team file checked and stored (the first import pins its admins). `unreadable` when it was refused
 * for what the file is (not JSON, unsigned, a bad key) rather than for a rule it breaks.
 */
export function importTeamFile(
  store: Store,
  bytes: Buffer,
  actor: string,
): TeamImportOutcome & { view: TeamView; unreadable: boolean } {
  const outcome = importTeam(store, bytes, actor, 'cli');
  return {
    ...outcome,
    view: teamView(outcome.team, store),
    unreadable: !outcome.saved && outcome.problems.some((p) => UNREADABLE.has(p.code)),
  };
}
