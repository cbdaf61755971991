import type { KeyObject } from 'node:crypto';
import type { Identity, Role, TeamFile } from '../../common/schemas/governance';
import type { Problem } from '../../common/problem';
import { CodedError } from '../../common/result';
import { planTeamImport, verifyTeamVersion } from './team-chain';
import {
  signTeamVersion,
  signedOf,
  teamAdmins,
  teamVersionHash,
  type TeamAdminKey,
  type TeamDocument,
  type TeamVersion,
} from './team-document';
import { parseTeam } from './team-file';
import { keyIdOfPublicKey, parsePublicKey } from './ed25519-keys';

/**
 * Making the next version of a signed team: create (version 1, the local identity its first admin), a change to
 * the current version (add a member or a role, rotate or revoke a key, settings) as version N+1 naming N's hash
 * and carrying N in its history, and co-signing. Drafts are checked before anything is signed, so the
 * passphrase is asked only when the signature will be made. Pure apart from the signature itself.
 */

export interface TeamDraft {
  signed: Record<string, unknown>;
  team: TeamFile;
  version: number;
  predecessor: TeamVersion | null;
  history: TeamVersion[];
  notes: string[];
}

export interface SignedTeam {
  current: TeamVersion;
  history: TeamVersion[];
}

/** Version 1: the local identity is its first admin (and holds `roles` too). */
export function draftCreate(input: { name: string; roles: Role[] }, identity: Identity, issuedAt: string): TeamDraft {
  const team = normalised({
    name: input.name.trim(),
    members: [
      {
        name: identity.name,
        email: identity.email,
        publicKey: identity.publicKey,
        roles: [...new Set<Role>(['admin', ...input.roles])],
        revokedKeys: [],
      },
    ],
    moduleOwners: {},
    quorum: 1,
    adminQuorum: 1,
    requireSignedAuthorship: true,
  });
  const signed = signedOf({ version: 1, previous: null, issuedAt }, team);
  return {
    signed,
    team,
    version: 1,
    predecessor: null,
    history: [],
    notes: [`${identity.name} <${identity.email}> is the team's first admin`],
  };
}

/** Version N+1 of a document whose versions hold, with `change` applied to N's team. */
export function draftNext(
  doc: TeamDocument,
  change: (team: TeamFile) => { team: TeamFile; notes: string[] },
  issuedAt: string,
): TeamDraft {
  const base = doc.current;
  const plan = planTeamImport(null, doc);
  if (plan.kind === 'refused')
    throw refusedBy(
      plan.problems,
      `version ${base.version} of the team file does not hold, so no version can follow it`,
    );
  const { team: changed, notes } = change(structuredClone(base.team));
  const team = normalised(changed);
  const admins = teamAdmins(team);
  if (admins.length < team.adminQuorum) {
    throw new CodedError(
      'refused',
      `version ${base.version + 1} would have ${admins.length} admin${admins.length === 1 ? '' : 's'}, fewer than its admin quorum of ${team.adminQuorum}: nobody could sign it`,
      { reason: 'team-admin-quorum' },
    );
  }
  const signed = signedOf({ version: base.version + 1, previous: base.hash, issuedAt }, team);
  return { signed, team, version: base.version + 1, predecessor: base, history: [...doc.history, base], notes };
}

/** The local identity may sign a draft only as an admin of the version it replaces (of itself, for version 1). */
export function assertMaySign(
  draft: Pick<TeamDraft, 'version' | 'predecessor' | 'team'>,
  identity: Identity | null,
): asserts identity is Identity {
  if (!identity)
    throw new CodedError(
      'refused',
      'this store has no signing identity: make one with `provdesk identity create` (or on the Approvals page)',
      { reason: 'team-no-identity' },
    );
  const admins = teamAdmins(draft.predecessor?.team ?? draft.team);
  if (admins.some((a) => a.keyId === identity.keyId)) return;
  const whose = draft.predecessor ? `version ${draft.predecessor.version}` : 'the team';
  throw new CodedError(
    'refused',
    `only an admin of ${whose} may sign version ${draft.version}, and ${identity.name} <${identity.email}> (key ${identity.keyId.slice(0, 16)}…) is not one. Its admins: ${admins.map((a) => `${a.name} <${a.email}>`).join(', ') || 'none'}`,
    { reason: 'team-not-admin' },
  );
}

export function signDraft(draft: TeamDraft, privateKey: KeyObject, keyId: string): SignedTeam {
  const current: TeamVersion = {
    version: draft.version,
    previous: draft.predecessor?.hash ?? null,
    issuedAt: String(draft.signed.issuedAt),
    hash: teamVersionHash(draft.signed),
    team: draft.team,
    signed: draft.signed,
    signatures: [signTeamVersion(draft.signed, privateKey, keyId)],
    where: 'signed',
  };
  return { current, history: draft.history };
}

/**
 * Whether the local identity may add its signature to the document's current version (quorums above 1 need several).
 */
export function assertMayCoSign(doc: TeamDocument, identity: Identity | null): asserts identity is Identity {
  const predecessor = predecessorOf(doc);
  if (doc.history.length > 0) {
    const plan = planTeamImport(null, { current: doc.history.at(-1)!, history: doc.history.slice(0, -1) });
    if (plan.kind === 'refused') throw refusedBy(plan.problems, 'the history of the team file does not hold');
  }
  const structural = verifyTeamVersion(doc.current, predecessor).problems.filter(
    (p) => p.code !== 'team-not-signed-by-admins' && p.code !== 'team-signature-invalid',
  );
  if (structural.length) throw refusedBy(structural, `version ${doc.current.version} cannot be signed`);
  if (!identity)
    throw new CodedError('refused', 'this store has no signing identity: make one with `provdesk identity create`', {
      reason: 'team-no-identity',
    });
  const admins = [...teamAdmins(doc.current.team), ...(predecessor ? teamAdmins(predecessor.team) : [])];
  if (!admins.some((a) => a.keyId === identity.keyId)) {
    const of = `version ${doc.current.version}${predecessor ? ` or of version ${predecessor.version}` : ''}`;
    throw new CodedError(
      'refused',
      `${identity.name} <${identity.email}> is not an admin of ${of}: their signature would not count`,
      { reason: 'team-not-admin' },
    );
  }
  if (signatureStatus(doc.current, predecessor).signedBy.some((a) => a.keyId === identity.keyId)) {
    throw new CodedError(
      'conflict',
      `${identity.name} <${identity.email}> has signed version ${doc.current.version} already`,
      { reason: 'team-already-signed' },
    );
  }
}

/** The document with `keyId`'s signature on its current version (replacing one by that key that did not verify). */
export function coSign(doc: TeamDocument, privateKey: KeyObject, keyId: string): SignedTeam {
  const signatures = [
    ...doc.current.signatures.filter((s) => s.keyid !== keyId),
    signTeamVersion(doc.current.signed, privateKey, keyId),
  ];
  return { current: { ...doc.current, signatures }, history: doc.history };
}

export function predecessorOf(doc: { current: TeamVersion; history: TeamVersion[] }): TeamVersion | null {
  const last = doc.history.at(-1);
  return last && last.version === doc.current.version - 1 ? last : null;
}

/** Whether a version's signatures suffice, who signed, and which admins must still sign (`provdesk team sign`). */
export function signatureStatus(
  v: TeamVersion,
  predecessor: TeamVersion | null,
): { complete: boolean; signedBy: TeamAdminKey[]; stillToSign: TeamAdminKey[]; problems: Problem[] } {
  const { problems, signers } = verifyTeamVersion(v, predecessor);
  const pool = new Map(
    [...(predecessor ? teamAdmins(predecessor.team) : []), ...teamAdmins(v.team)].map((a) => [a.keyId, a]),
  );
  const signedBy = signers.map((k) => pool.get(k)!).filter(Boolean);
  const groups = problems.filter((p) => p.code === 'team-not-signed-by-admins' || p.code === 'team-signature-invalid');
  const still = new Map<string, TeamAdminKey>();
  for (const [admins, needed] of [
    [predecessor ? teamAdmins(predecessor.team) : [], predecessor?.team.adminQuorum ?? 0],
    [teamAdmins(v.team), v.team.adminQuorum],
  ] as const) {
    const signedHere = admins.filter((a) => signers.includes(a.keyId)).length;
    if (signedHere < needed) for (const a of admins) if (!signers.includes(a.keyId)) still.set(a.keyId, a);
  }
  return { complete: problems.length === 0, signedBy, stillToSign: groups.length ? [...still.values()] : [], problems };
}

/** Adds a member, or a role to one; a different key for a member is a rotation (the old key is revoked). */
export function addMember(
  team: TeamFile,
  input: { name: string; email: string; publicKey: string; role: Role },
): { team: TeamFile; notes: string[] } {
  const email = input.email.trim().toLowerCase();
  const publicKey = input.publicKey.trim();
  const keyId = keyIdOfPublicKey(parsePublicKey(publicKey));
  if (team.members.some((m) => m.revokedKeys.includes(keyId)))
    throw new CodedError(
      'refused',
      `key ${keyId.slice(0, 16)}… was revoked in this team: a revoked key is never trusted again`,
      { reason: 'team-key-revoked' },
    );
  const holder = team.members.find((m) => m.email !== email && keyIdOfPublicKey(parsePublicKey(m.publicKey)) === keyId);
  if (holder)
    throw new CodedError(
      'refused',
      `key ${keyId.slice(0, 16)}… is ${holder.name} <${holder.email}>'s: one key belongs to one member`,
      { reason: 'team-duplicate-key' },
    );
  const member = team.members.find((m) => m.email === email);
  if (!member) {
    team.members.push({ name: input.name.trim(), email, publicKey, roles: [input.role], revokedKeys: [] });
    return { team, notes: [`added ${input.name.trim()} <${email}> as ${input.role} (key ${keyId.slice(0, 16)}…)`] };
  }
  const notes: string[] = [];
  if (!member.roles.includes(input.role)) {
    member.roles.push(input.role);
    notes.push(`${member.name} <${email}> is now also ${input.role}`);
  }
  const oldKeyId = keyIdOfPublicKey(parsePublicKey(member.publicKey));
  if (oldKeyId !== keyId) {
    member.revokedKeys.push(oldKeyId);
    member.publicKey = publicKey;
    notes.push(
      `${member.name} <${email}>'s key was rotated: the old key ${oldKeyId.slice(0, 16)}… is revoked (what it signed no longer counts), the new one is ${keyId.slice(0, 16)}…`,
    );
  }
  if (notes.length === 0)
    throw new CodedError(
      'conflict',
      `${member.name} <${email}> is ${input.role} with this key already: nothing to change`,
      { reason: 'team-unchanged' },
    );
  return { team, notes };
}

export interface TeamSettings {
  name?: string;
  quorum?: number;
  adminQuorum?: number;
  requireSignedAuthorship?: boolean;
  moduleOwners?: Record<string, string[]>; // the owners of each module named (others keep theirs); [] leaves it without
}

export function setSettings(team: TeamFile, s: TeamSettings): { team: TeamFile; notes: string[] } {
  const notes: string[] = [];
  const apply = <K extends keyof TeamSettings & keyof TeamFile>(key: K, label: string) => {
    const value = s[key];
    if (value === undefined || value === team[key]) return;
    notes.push(`${label}: ${String(team[key] ?? '(none)')} → ${String(value)}`);
    (team as Record<string, unknown>)[key] = typeof value === 'string' ? value.trim() : value;
  };
  apply('name', 'name');
  apply('quorum', 'approval quorum');
  apply('adminQuorum', 'admin quorum');
  apply('requireSignedAuthorship', 'signed authorship required');
  for (const [module, emails] of Object.entries(s.moduleOwners ?? {})) {
    const owners = [...new Set(emails.map((e) => e.trim().toLowerCase()))].sort();
    const was = team.moduleOwners[module] ?? [];
    if (owners.join() === was.join()) continue;
    notes.push(`owners of ${module}: ${was.join(', ') || '(none)'} → ${owners.join(', ') || '(none)'}`);
    if (owners.length) team.moduleOwners[module] = owners;
    else delete team.moduleOwners[module];
  }
  if (notes.length === 0)
    throw new CodedError('conflict', 'the team has these settings already: nothing to change', {
      reason: 'team-unchanged',
    });
  return { team, notes };
}

/** Revokes a member's key (their current one unless `keyId` names another): what it signed no longer counts. */
export function revokeKey(
  team: TeamFile,
  input: { email: string; keyId?: string },
): { team: TeamFile; notes: string[] } {
  const email = input.email.trim().toLowerCase();
  const member = team.members.find((m) => m.email === email);
  if (!member) throw new CodedError('not-found', `${email} is not a member of the team`, { reason: 'team-no-member' });
  const current = keyIdOfPublicKey(parsePublicKey(member.publicKey));
  const keyId = (input.keyId ?? current).trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(keyId))
    throw new CodedError(
      'invalid-request',
      `--key takes a key id (64 hex characters), not ${JSON.stringify(input.keyId)}`,
    );
  if (member.revokedKeys.includes(keyId))
    throw new CodedError('conflict', `key ${keyId.slice(0, 16)}… of ${email} is revoked already`, {
      reason: 'team-unchanged',
    });
  member.revokedKeys.push(keyId);
  const note =
    keyId === current
      ? `${member.name} <${email}>'s current key ${keyId.slice(0, 16)}… is revoked: they sign nothing for the team until an admin adds their new key`
      : `key ${keyId.slice(0, 16)}… of ${member.name} <${email}> is revoked`;
  return { team, notes: [note] };
}

function normalised(team: TeamFile): TeamFile {
  const r = parseTeam(team);
  if (!r.team)
    throw new CodedError('invalid-request', r.problems.map((p) => p.message).join('; '), {
      reason: r.problems[0]?.code ?? 'team-invalid',
    });
  return r.team;
}

function refusedBy(problems: Problem[], what: string): CodedError {
  return new CodedError('refused', `${what}: ${problems.map((p) => p.message).join('; ')}`, {
    reason: problems[0]?.code ?? 'team-invalid',
    problems,
  });
}
