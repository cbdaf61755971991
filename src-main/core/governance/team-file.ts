import type { Problem } from '../../common/problem';
import { teamFileSchema, type Role, type TeamFile } from '../../common/schemas/governance';
import { parseJsonSafely } from '../bundle/safe-json';
import { issueWords } from '../../common/issue-words';
import { keyIdOfPublicKey, parsePublicKey } from './ed25519-keys';

/** A key the team trusts (or has revoked), as verification and the approval rules look it up. */
export interface TrustedKey {
  keyId: string;
  publicKey: string | null; // null for a revoked key given by its id only
  name: string;
  email: string;
  roles: Role[];
  revoked: boolean;
}

const hex64 = /^[0-9a-f]{64}$/;

/** JSON text → a validated, normalised team (emails lower case, revoked keys as key ids), or problems with where. */
export function parseTeamText(text: string | Buffer): { team: TeamFile | null; problems: Problem[] } {
  const json = parseJsonSafely(
    Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'),
    { maxBytes: 4 * 1024 * 1024 },
    'team',
  );
  if (!json.ok)
    return {
      team: null,
      problems: [{ ...json.problem, code: 'team-invalid', message: `not valid JSON: ${json.problem.message}` }],
    };
  return parseTeam(json.value);
}

export function parseTeam(value: unknown): { team: TeamFile | null; problems: Problem[] } {
  const parsed = teamFileSchema.safeParse(value);
  if (!parsed.success) {
    // In words naming the field ("member 1: publicKey is missing"), not zod's "expected string, received undefined".
    return {
      team: null,
      problems: parsed.error.issues.map((i) => ({
        code: 'team-invalid',
        message: issueWords(i, 'the team'),
        entity: i.path.join('.'),
      })),
    };
  }
  const problems: Problem[] = [];
  const seenEmails = new Set<string>();
  const seenKeys = new Set<string>();
  const members = parsed.data.members.map((m, i) => {
    const email = m.email.toLowerCase();
    if (seenEmails.has(email))
      problems.push({
        code: 'team-duplicate-member',
        message: `members.${i}: ${email} is listed twice`,
        entity: `members.${i}`,
      });
    seenEmails.add(email);
    let keyId = '';
    try {
      keyId = keyIdOfPublicKey(parsePublicKey(m.publicKey));
    } catch (e) {
      problems.push({
        code: 'team-bad-key',
        message: `members.${i}.publicKey (${email}): ${(e as Error).message}`,
        entity: `members.${i}.publicKey`,
      });
    }
    if (keyId && seenKeys.has(keyId))
      problems.push({
        code: 'team-duplicate-key',
        message: `members.${i}: key ${keyId.slice(0, 16)} belongs to two members`,
        entity: `members.${i}.publicKey`,
      });
    seenKeys.add(keyId);
    const revokedKeys = m.revokedKeys.map((r, j) => {
      if (hex64.test(r.toLowerCase())) return r.toLowerCase();
      try {
        return keyIdOfPublicKey(parsePublicKey(r));
      } catch {
        problems.push({
          code: 'team-bad-key',
          message: `members.${i}.revokedKeys.${j}: neither a key id (64 hex) nor a base64 public key`,
          entity: `members.${i}.revokedKeys.${j}`,
        });
        return r;
      }
    });
    return { ...m, email, roles: [...new Set(m.roles)].sort(), revokedKeys: [...new Set(revokedKeys)].sort() };
  });
  const moduleOwners: Record<string, string[]> = {};
  for (const [module, emails] of Object.entries(parsed.data.moduleOwners))
    moduleOwners[module] = [...new Set(emails.map((e) => e.toLowerCase()))].sort();
  if (problems.length > 0) return { team: null, problems };
  return { team: { ...parsed.data, members, moduleOwners }, problems: [] };
}

/** Every member's current key and every revoked key, with who it belongs to. */
export function teamKeys(team: TeamFile): TrustedKey[] {
  // A key revoked anywhere in the file is revoked, whoever lists it: revocation is never outvoted.
  const revoked = new Set(team.members.flatMap((m) => m.revokedKeys));
  const current = team.members.map((m) => ({ m, keyId: keyIdOfPublicKey(parsePublicKey(m.publicKey)) }));
  const currentIds = new Set(current.map((c) => c.keyId));
  const out: TrustedKey[] = current.map(({ m, keyId }) => ({
    keyId,
    publicKey: m.publicKey,
    name: m.name,
    email: m.email,
    roles: m.roles,
    revoked: revoked.has(keyId),
  }));
  for (const m of team.members) {
    for (const id of m.revokedKeys)
      if (!currentIds.has(id))
        out.push({ keyId: id, publicKey: null, name: m.name, email: m.email, roles: m.roles, revoked: true });
  }
  return out;
}

export const reviewingRoles: readonly Role[] = ['reviewer', 'owner', 'admin'];
