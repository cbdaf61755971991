import { type KeyObject, sign, verify } from 'node:crypto';
import type { Problem } from '../../common/problem';
import type { TeamAdmin, TeamFile } from '../../common/schemas/governance';
import {
  TEAM_DOCUMENT_TYPE,
  TEAM_HEADER_FIELDS,
  TEAM_PAYLOAD_TYPE,
  teamDocumentSchema,
  teamVersionHeaderSchema,
  type TeamSignature,
  type TeamVersionEnvelope,
} from '../../common/schemas/team-document';
import { sha256Hex } from '../audit/audit-chain';
import { canonicalJson } from '../audit/canonical-json';
import { parseJsonSafely } from '../bundle/safe-json';
import { decodeBase64Strict, pae } from './dsse';
import { parsePublicKey } from './ed25519-keys';
import { parseTeam, teamKeys } from './team-file';

/**
 * One signed team document read and checked piece by piece: its versions parsed (bounded JSON, strict schemas,
 * the team file's own checks), each version's hash, and whose signatures on a version verify. The rules that
 * chain versions together are in team-chain.ts.
 */

export interface TeamVersion {
  version: number;
  previous: string | null;
  issuedAt: string;
  hash: string; // SHA-256 of canonicalJson(signed)
  team: TeamFile; // normalised (parseTeam)
  signed: Record<string, unknown>; // as written and signed
  signatures: TeamSignature[];
  where: string; // 'signed' or 'history.N': where a problem points
}

export interface TeamDocument {
  current: TeamVersion;
  history: TeamVersion[]; // as in the file, oldest first
}

/** What a version is checked against: the one it replaces (from a file or from the store). */
export interface TeamVersionRef {
  version: number;
  hash: string;
  team: TeamFile;
}

export interface TeamAdminKey extends TeamAdmin {
  publicKey: string;
}

export const MAX_TEAM_FILE_BYTES = 4 * 1024 * 1024;

export function teamVersionHash(signed: Record<string, unknown>): string {
  return sha256Hex(canonicalJson(signed));
}

/** The bytes an admin signs: PAE of the team payload type and the canonical JSON of `signed` (domain-separated). */
export function teamSigningInput(signed: Record<string, unknown>): Buffer {
  return pae(TEAM_PAYLOAD_TYPE, Buffer.from(canonicalJson(signed), 'utf8'));
}

export function signTeamVersion(signed: Record<string, unknown>, privateKey: KeyObject, keyId: string): TeamSignature {
  return { keyid: keyId, sig: sign(null, teamSigningInput(signed), privateKey).toString('base64') };
}

/** A version's `signed`: the header fields first, then the team's. */
export function signedOf(
  header: { version: number; previous: string | null; issuedAt: string },
  team: TeamFile,
): Record<string, unknown> {
  return {
    _type: TEAM_DOCUMENT_TYPE,
    version: header.version,
    previous: header.previous,
    issuedAt: header.issuedAt,
    ...team,
  };
}

/** Members with role admin whose current key is not revoked: who may sign the next version. */
export function teamAdmins(team: TeamFile): TeamAdminKey[] {
  return teamKeys(team)
    .filter((k) => !k.revoked && k.publicKey && k.roles.includes('admin'))
    .map((k) => ({ name: k.name, email: k.email, keyId: k.keyId, publicKey: k.publicKey! }));
}

/**
 * Which of `admins` signed the version with a signature that verifies (each key once), and which admins' signatures do
 * not verify.
 */
export function adminSignatures(
  v: Pick<TeamVersion, 'signed' | 'signatures'>,
  admins: TeamAdminKey[],
): { valid: TeamAdminKey[]; invalid: TeamAdminKey[] } {
  const input = teamSigningInput(v.signed);
  const valid: TeamAdminKey[] = [];
  const invalid: TeamAdminKey[] = [];
  for (const admin of admins) {
    const sigs = v.signatures.filter((s) => s.keyid === admin.keyId);
    if (sigs.length === 0) continue;
    if (sigs.some((s) => verifies(input, s.sig, admin.publicKey))) valid.push(admin);
    else invalid.push(admin);
  }
  return { valid, invalid };
}

function verifies(input: Buffer, sig: string, publicKey: string): boolean {
  const bytes = decodeBase64Strict(sig);
  if (!bytes || bytes.length !== 64) return false;
  try {
    return verify(null, input, parsePublicKey(publicKey), bytes);
  } catch {
    return false;
  }
}

/** JSON text → the document's versions, each parsed and hashed; or problems (team-unsigned for a plain team file). */
export function readTeamDocument(text: string | Buffer): { document: TeamDocument | null; problems: Problem[] } {
  const json = parseJsonSafely(
    Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'),
    { maxBytes: MAX_TEAM_FILE_BYTES },
    'team',
  );
  if (!json.ok)
    return {
      document: null,
      problems: [{ ...json.problem, code: 'team-invalid', message: `not valid JSON: ${json.problem.message}` }],
    };
  const value = json.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { document: null, problems: [invalid('', 'a team file is a JSON object')] };
  if (!('signed' in value) && !('signatures' in value)) {
    return {
      document: null,
      problems: [
        {
          code: 'team-unsigned',
          message:
            'this team file is not signed, and an unsigned team file could say anything: make a signed one with `provdesk team create` (or Create team on the Approvals page) and have its admins add the members',
        },
      ],
    };
  }
  const parsed = teamDocumentSchema.safeParse(value);
  if (!parsed.success)
    return {
      document: null,
      problems: parsed.error.issues.slice(0, 20).map((i) => invalid(i.path.join('.'), i.message)),
    };
  const problems: Problem[] = [];
  const history = (parsed.data.history ?? []).map((h, i) => readVersion(h, `history.${i}`, problems));
  const current = readVersion(parsed.data, 'signed', problems);
  if (problems.length > 0 || !current || history.some((h) => !h)) return { document: null, problems };
  return { document: { current, history: history as TeamVersion[] }, problems: [] };
}

function readVersion(envelope: TeamVersionEnvelope, where: string, problems: Problem[]): TeamVersion | null {
  const at = where === 'signed' ? 'signed' : `${where}.signed`;
  const header = teamVersionHeaderSchema.safeParse(envelope.signed);
  if (!header.success) {
    problems.push(...header.error.issues.map((i) => invalid(`${at}.${i.path.join('.')}`, i.message)));
    return null;
  }
  const fields = Object.fromEntries(
    Object.entries(envelope.signed).filter(([k]) => !(TEAM_HEADER_FIELDS as readonly string[]).includes(k)),
  );
  const team = parseTeam(fields);
  if (!team.team) {
    problems.push(
      ...team.problems.map((p) => ({ ...p, message: `${at}: ${p.message}`, entity: `${at}.${p.entity ?? ''}` })),
    );
    return null;
  }
  const { version, previous, issuedAt } = header.data;
  return {
    version,
    previous,
    issuedAt,
    hash: teamVersionHash(envelope.signed),
    team: team.team,
    signed: envelope.signed,
    signatures: envelope.signatures,
    where,
  };
}

function invalid(entity: string, message: string): Problem {
  return { code: 'team-invalid', message: `${entity || 'the team file'}: ${message}`, ...(entity ? { entity } : {}) };
}

/** The document as JSON text, the way the commands write it. */
export function teamDocumentText(
  current: Pick<TeamVersion, 'signed' | 'signatures'>,
  history: Pick<TeamVersion, 'signed' | 'signatures'>[],
): string {
  const entry = (v: Pick<TeamVersion, 'signed' | 'signatures'>) => ({ signed: v.signed, signatures: v.signatures });
  return `${JSON.stringify({ ...entry(current), ...(history.length ? { history: history.map(entry) } : {}) }, null, 2)}\n`;
}
