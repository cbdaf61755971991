import type { StoredTeam, TeamPin } from '../common/schemas/governance';
import { keyFingerprint } from '../common/schemas/team-document';
import { keyIdOfPublicKey, parsePublicKey } from '../core/governance/ed25519-keys';
import { readPolicy } from '../core/governance/policy-store';
import { approvalPolicyHash } from '../core/governance/team-store';
import { teamAdmins, type TeamAdminKey, type TeamVersion } from '../core/governance/team-document';
import type { ReadApi } from '../core/store/store';

/** How the team commands print a team: one JSON shape for the store's team and a file's version, and its lines. */

/** A file's version seen as the store would keep it (not imported anywhere yet). */
export function fileTeam(v: TeamVersion, signers: string[]): StoredTeam {
  return { version: v.version, hash: v.hash, team: v.team, importedAt: '', importedBy: '', signed: true, admins: teamAdmins(v.team).map(({ name, email, keyId }) => ({ name, email, keyId })), pinned: null, signers };
}

export function teamJson(stored: StoredTeam | null, db: ReadApi | null = null) {
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
    members: (stored?.team.members ?? []).map((m) => ({ name: m.name, email: m.email, roles: m.roles, keyId: keyIdOfPublicKey(parsePublicKey(m.publicKey)), publicKey: m.publicKey, revokedKeys: m.revokedKeys })),
    moduleOwners: stored?.team.moduleOwners ?? {},
    quorum: stored?.team.quorum ?? 1,
    adminQuorum: stored?.team.adminQuorum ?? 1,
    requireSignedAuthorship: stored?.team.requireSignedAuthorship ?? false,
    ...(db && license ? { policy: { hash: approvalPolicyHash(db), licensePolicy: { version: license.version, hash: license.hash } } } : {}),
  };
}

export function teamLines(t: ReturnType<typeof teamJson>): string {
  if (t.version === null) return 'No team file: the local identity may review (quorum 1).';
  const members = t.members.map((m) => `  ${m.name} <${m.email}>  ${m.roles.join(', ')}  key ${m.keyId.slice(0, 16)}${m.revokedKeys.length ? `  (${m.revokedKeys.length} revoked)` : ''}`);
  const owners = Object.entries(t.moduleOwners).map(([mod, emails]) => `  ${mod}: ${emails.join(', ') || '(none)'}`);
  const trust = t.signed
    ? `signed; admins ${t.admins.map((a) => a.email).join(', ') || 'none'} (admin quorum ${t.adminQuorum})${t.pinned ? `; pinned at version ${t.pinned.version}` : ''}`
    : 'UNSIGNED (imported before signed teams): ask an admin for a signed team file';
  return [
    `Team${t.name ? ` ${t.name}` : ''}, version ${t.version}, quorum ${t.quorum}, signed authorship ${t.requireSignedAuthorship ? 'required' : 'not required'}`,
    `Trust: ${trust}`,
    'Members:',
    ...members,
    ...(owners.length ? ['Module owners:', ...owners] : []),
    ...(t.policy ? [`Approval policy hash: ${t.policy.hash}`] : []),
  ].join('\n');
}

/** The pinned admins, to be compared with each admin over another channel before the team is trusted. */
export function pinLines(pin: TeamPin): string {
  return [
    `Pinned the team at version ${pin.version}. From now on only its admins can change it. Compare these fingerprints with each admin`,
    'over another channel (in person, a call, a chat you already trust) before relying on this team:',
    ...pin.admins.map((a) => `  ${a.name} <${a.email}>\n    ${a.fingerprint}`),
  ].join('\n');
}

export function adminJson(a: Pick<TeamAdminKey, 'name' | 'email' | 'keyId'>) {
  return { name: a.name, email: a.email, keyId: a.keyId, fingerprint: keyFingerprint(a.keyId) };
}
