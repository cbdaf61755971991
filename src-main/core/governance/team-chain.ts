import type { Problem } from '../../common/problem';
import {
  adminSignatures,
  teamAdmins,
  type TeamAdminKey,
  type TeamDocument,
  type TeamVersion,
  type TeamVersionRef,
} from './team-document';

/**
 * The rules a signed team version must meet, as TUF's root metadata rotation: version 1 is signed by enough of
 * its own admins; version N+1 names version N's hash and is signed by adminQuorum(N) of N's admins and by
 * adminQuorum(N+1) of its own. Only signatures that verify count, each key once. Pure: no store, no clock.
 */

export interface VerifiedVersion extends TeamVersion {
  signers: string[]; // key ids whose signatures counted (admins of this version or of the one it replaces)
}

const who = (a: TeamAdminKey) => `${a.name} <${a.email}>`;
const short = (hash: string) => `${hash.slice(0, 12)}…`;

/** Checks `v` against the version it replaces (null: a first version, or one pinned without its predecessor). */
export function verifyTeamVersion(
  v: TeamVersion,
  predecessor: TeamVersionRef | null,
): { problems: Problem[]; signers: string[] } {
  const problems: Problem[] = [];
  const at = { version: v.version, entity: v.where };
  if (predecessor) {
    if (v.version !== predecessor.version + 1) {
      problems.push({
        code: 'team-missing-version',
        message: `version ${v.version} cannot follow version ${predecessor.version}: version ${predecessor.version + 1} is missing`,
        ...at,
        missing: predecessor.version + 1,
      });
      return { problems, signers: [] };
    }
    if (v.previous !== predecessor.hash) {
      problems.push({
        code: 'team-chain-broken',
        message: `version ${v.version} was not made from the version ${predecessor.version} it must replace: it names ${v.previous ? short(v.previous) : 'no previous version'}, but version ${predecessor.version} is ${short(predecessor.hash)}`,
        ...at,
        expected: predecessor.hash,
        actual: v.previous ?? 'null',
      });
      return { problems, signers: [] };
    }
  } else if ((v.version === 1) !== (v.previous === null)) {
    problems.push({
      code: 'team-chain-broken',
      message:
        v.version === 1
          ? 'version 1 names a previous version: a first version has none'
          : `version ${v.version} names no previous version`,
      ...at,
    });
    return { problems, signers: [] };
  }
  const own = teamAdmins(v.team);
  const signers = new Set<string>();
  const checks: [TeamAdminKey[], number, string][] = [[own, v.team.adminQuorum, 'its own admins']];
  if (predecessor)
    checks.unshift([
      teamAdmins(predecessor.team),
      predecessor.team.adminQuorum,
      `the admins of version ${predecessor.version}, which it replaces`,
    ]);
  for (const [admins, needed, whose] of checks) {
    const { valid, invalid } = adminSignatures(v, admins);
    for (const a of valid) signers.add(a.keyId);
    // one reason: the replaced version's admins are asked first
    if (valid.length >= needed || problems.length > 0) continue;
    const missing = `version ${v.version} is signed by ${valid.length} of ${whose}${valid.length ? ` (${valid.map(who).join(', ')})` : ''}; ${needed} must sign`;
    const names = admins.length ? ` The admins: ${admins.map(who).join(', ')}.` : ' It has no admins.';
    if (invalid.length > 0) {
      problems.push({
        code: 'team-signature-invalid',
        message: `the signature of ${invalid.map(who).join(', ')} on version ${v.version} does not verify: the file was changed after it was signed, or the signature was made for something else. ${missing}.`,
        ...at,
        keyIds: invalid.map((a) => a.keyId),
      });
    } else {
      problems.push({
        code: 'team-not-signed-by-admins',
        message: `${missing}.${names}`,
        ...at,
        signed: valid.length,
        needed,
      });
    }
  }
  return { problems, signers: [...signers].sort() };
}

/** Checks a run of versions in order, the first against `start`; stops at the first version that fails. */
export function verifyTeamChain(
  versions: TeamVersion[],
  start: TeamVersionRef | null,
): { verified: VerifiedVersion[]; problems: Problem[] } {
  const verified: VerifiedVersion[] = [];
  let before = start;
  for (const v of versions) {
    const r = verifyTeamVersion(v, before);
    if (r.problems.length > 0) return { verified, problems: r.problems };
    verified.push({ ...v, signers: r.signers });
    before = v;
  }
  return { verified, problems: [] };
}

export type TeamImportPlan =
  // no signed team yet: the file's chain holds, its last version is pinned
  | { kind: 'pin'; versions: VerifiedVersion[] }
  // the versions after the stored one, each verified against its predecessor
  | { kind: 'advance'; versions: VerifiedVersion[] }
  | { kind: 'unchanged' }
  | { kind: 'refused'; problems: Problem[] };

/** What importing `doc` into a store holding `stored` (its newest signed version, or null) may do. */
export function planTeamImport(stored: TeamVersionRef | null, doc: TeamDocument): TeamImportPlan {
  const all = [...doc.history, doc.current];
  for (let i = 1; i < all.length; i++) {
    if (all[i]!.version <= all[i - 1]!.version) {
      return refused({
        code: 'team-invalid',
        message: `the history must list older versions in order: ${all[i]!.where} is version ${all[i]!.version}, after version ${all[i - 1]!.version}`,
        entity: all[i]!.where,
      });
    }
  }
  const file = doc.current;
  if (!stored) {
    const gap = all.findIndex((v, i) => i > 0 && v.version !== all[i - 1]!.version + 1);
    if (gap > 0)
      return refused(
        missing(
          all[gap - 1]!.version + 1,
          file.version,
          `its history goes from version ${all[gap - 1]!.version} to ${all[gap]!.version}`,
        ),
      );
    const { verified, problems } = verifyTeamChain(all, null);
    return problems.length ? refused(...problems) : { kind: 'pin', versions: verified };
  }
  if (file.version < stored.version) {
    return refused({
      code: 'team-rollback',
      message: `the file is version ${file.version}, older than the version ${stored.version} this store holds: an older team cannot replace a newer one`,
      expected: String(stored.version),
      actual: String(file.version),
    });
  }
  if (file.version === stored.version) {
    if (file.hash === stored.hash) return { kind: 'unchanged' };
    return refused({
      code: 'team-version-conflict',
      message: `the file's version ${file.version} is not the version ${stored.version} this store holds (${short(file.hash)} here, ${short(stored.hash)} in the store): a changed team must be a new version, signed by the admins`,
      expected: stored.hash,
      actual: file.hash,
    });
  }
  const byVersion = new Map(all.map((v) => [v.version, v]));
  const walk: TeamVersion[] = [];
  for (let n = stored.version + 1; n <= file.version; n++) {
    const v = byVersion.get(n);
    if (!v)
      return refused(
        missing(
          n,
          file.version,
          `this store holds version ${stored.version}, and the file's history does not carry version ${n}`,
        ),
      );
    walk.push(v);
  }
  const { verified, problems } = verifyTeamChain(walk, stored);
  return problems.length ? refused(...problems) : { kind: 'advance', versions: verified };
}

function missing(version: number, fileVersion: number, why: string): Problem {
  return {
    code: 'team-missing-version',
    message: `the file is version ${fileVersion}, but version ${version} is missing: ${why}. Ask an admin for the team file with its full history`,
    missing: version,
  };
}

function refused(...problems: Problem[]): TeamImportPlan {
  return { kind: 'refused', problems };
}
