import type { Role, TeamFile } from '../../../../src-main/common/schemas/governance';
import type { TeamSignature } from '../../../../src-main/common/schemas/team-document';
import { signTeamVersion, signedOf, teamVersionHash } from '../../../../src-main/core/governance/team-document';
import { person, teamOf, type Person } from './approval-fixtures';

/** A signed team file as JSON: `{signed, signatures, history?}`. */
export interface TeamDocJson {
  signed: Record<string, unknown>;
  signatures: TeamSignature[];
  history?: { signed: Record<string, unknown>; signatures: TeamSignature[] }[];
}

/** The admin the signed-team tests share when the test is not about who administers the team. */
export const teamAdmin = person('Ada Admin', 'ada.admin@example.org');

const day = (n: number) => `2026-03-${String(n).padStart(2, '0')}T09:00:00.000Z`;

/**
 * Version 1 of a signed team: teamOf's defaults with `members`, `admin` listed first as its admin, signed by `signers`
 * (the admin by default).
 */
export function signedTeam(
  members: TeamEntry[] = [],
  extra: Partial<TeamFile> = {},
  admin: Person = teamAdmin,
  signers: Person[] = [admin],
): TeamDocJson {
  const team = {
    ...teamOf([], extra),
    members: [{ p: admin, roles: ['admin'] as Role[] }, ...members].map((m) => memberOf(m.p, m.roles, m.revokedKeys)),
  };
  const signed = signedOf({ version: 1, previous: null, issuedAt: day(1) }, team);
  return { signed, signatures: signers.map((p) => signTeamVersion(signed, p.privateKey, p.keyId)) };
}

/**
 * Version N+1 of `doc`: `change` edits a copy of N's team; signed by `signers`; N joins the history (copied: tests edit
 * it).
 */
export function nextTeam(
  doc: TeamDocJson,
  change: (team: TeamFile) => void,
  signers: Person[] = [teamAdmin],
  header: { version?: number; previous?: string | null } = {},
): TeamDocJson {
  const { _type: _t, version, previous: _p, issuedAt: _i, ...fields } = doc.signed;
  const team = structuredClone(fields) as TeamFile;
  change(team);
  const n = header.version ?? (version as number) + 1;
  const signed = signedOf(
    {
      version: n,
      previous: header.previous === undefined ? teamVersionHash(doc.signed) : header.previous,
      issuedAt: day(Math.min(n, 28)),
    },
    team,
  );
  return {
    signed,
    signatures: signers.map((p) => signTeamVersion(signed, p.privateKey, p.keyId)),
    history: structuredClone([...(doc.history ?? []), { signed: doc.signed, signatures: doc.signatures }]),
  };
}

/** A member as teamOf takes them; `p` may be an identity made in a store (no private key here). */
export interface TeamEntry {
  p: Pick<Person, 'name' | 'email' | 'publicKey'>;
  roles?: Role[];
  revokedKeys?: string[];
}

/** The member entry of a team file for `p`. */
export function memberOf(
  p: TeamEntry['p'],
  roles: TeamFile['members'][number]['roles'] = ['reviewer'],
  revokedKeys: string[] = [],
): TeamFile['members'][number] {
  return { name: p.name, email: p.email, publicKey: p.publicKey, roles, revokedKeys };
}

export const teamText = (doc: TeamDocJson) => JSON.stringify(doc);

/** The same document without its history (a file carrying only its newest version). */
export const withoutHistory = ({ signed, signatures }: TeamDocJson): TeamDocJson => ({ signed, signatures });
