import type { Problem } from '../../common/problem';
import type { StoredTeam, TeamPin } from '../../common/schemas/governance';
import { keyFingerprint } from '../../common/schemas/team-document';
import { appendAudit } from '../audit/audit-log';
import { insertSignedTeamVersion } from '../store/repos/team-repo';
import type { Store, Tx } from '../store/store';
import { refreshAuthorshipTrust } from './authorship-store';
import { planTeamImport, type VerifiedVersion } from './team-chain';
import { readTeamDocument, teamAdmins, type TeamDocument } from './team-document';
import { keyIdOfPublicKey, parsePublicKey } from './ed25519-keys';
import { readIdentity } from './local-identity';
import { readTeam, replaceOwners, teamChanges, trustedKeys } from './team-store';

/**
 * Importing a signed team file into the store under the rules of team-chain.ts: the first signed import pins the
 * file's newest version (a legacy unsigned team gives way to it); later files must carry every version after the
 * stored one, each signed by the admins of the version it replaces. Accepted or refused, the import is audited;
 * a refusal leaves the store's team as it was.
 */

export interface TeamImportOutcome {
  saved: boolean; // imported, or the store holds this version already
  changed: boolean;
  team: StoredTeam | null; // the store's team after the import (unchanged when refused)
  pinned: TeamPin | null; // this import pinned the team
  versions: number[]; // the versions stored by this import
  problems: Problem[];
}

export function importTeam(store: Store, text: string | Buffer, actor: string, source = 'file'): TeamImportOutcome {
  const read = readTeamDocument(text);
  if (!read.document) return store.transaction((tx) => refuse(tx, actor, source, read.problems, null));
  const doc = read.document;
  return store.transaction((tx) => importDocument(tx, doc, actor, source));
}

/** The same inside a caller's transaction, for a document already read (the app's team edits). */
export function importDocument(tx: Tx, doc: TeamDocument, actor: string, source: string): TeamImportOutcome {
  const before = readTeam(tx);
  const stored = before?.signed ? before : null;
  const plan = planTeamImport(stored, doc);
  if (plan.kind === 'refused') return refuse(tx, actor, source, plan.problems, doc);
  if (plan.kind === 'unchanged')
    return { saved: true, changed: false, team: before, pinned: null, versions: [], problems: [] };
  const importedAt = tx.now().toISOString();
  const pinning = plan.kind === 'pin';
  for (const [i, v] of plan.versions.entries()) {
    // On a first import the history before the pinned version is kept too (to hand on with the file), never re-pinned.
    const pinned = pinning && i === plan.versions.length - 1;
    insertSignedTeamVersion(
      tx,
      {
        version: v.version,
        hash: v.hash,
        document: { signed: v.signed, signatures: v.signatures },
        team: v.team,
        signers: v.signers,
      },
      importedAt,
      actor,
      pinned,
    );
  }
  const last = plan.versions.at(-1)!;
  for (const [module, emails] of Object.entries(last.team.moduleOwners))
    replaceOwners(tx, module, emails, actor, importedAt);
  const pin = pinning ? pinOf(last) : null;
  appendAudit(tx, {
    actor,
    action: 'team.import',
    subject: `team/${last.version}`,
    details: {
      source,
      version: last.version,
      hash: last.hash,
      signed: true,
      signers: last.signers,
      versions: plan.versions.map((v) => ({ version: v.version, hash: v.hash, signers: v.signers })),
      ...(pin
        ? { pinned: { version: pin.version, admins: pin.admins.map((a) => ({ email: a.email, keyId: a.keyId })) } }
        : {}),
      quorum: last.team.quorum,
      adminQuorum: last.team.adminQuorum,
      requireSignedAuthorship: last.team.requireSignedAuthorship,
      members: last.team.members.map((m) => ({
        email: m.email,
        keyId: keyIdOfPublicKey(parsePublicKey(m.publicKey)),
        roles: m.roles,
        revokedKeys: m.revokedKeys,
      })),
      moduleOwners: last.team.moduleOwners,
      ...(before
        ? {
            previousVersion: before.version,
            previousHash: before.hash,
            previousSigned: before.signed,
            changes: teamChanges(before.team, last.team),
          }
        : {}),
    },
  });
  // A key that just became trusted may be the one a stored bundle's authorship was signed with.
  refreshAuthorshipTrust(tx, trustedKeys(tx, readIdentity(tx)));
  return {
    saved: true,
    changed: true,
    team: readTeam(tx),
    pinned: pin,
    versions: plan.versions.map((v) => v.version),
    problems: [],
  };
}

export function pinOf(v: Pick<VerifiedVersion, 'version' | 'team'>): TeamPin {
  return {
    version: v.version,
    admins: teamAdmins(v.team).map(({ name, email, keyId }) => ({
      name,
      email,
      keyId,
      fingerprint: keyFingerprint(keyId),
    })),
  };
}

function refuse(
  tx: Tx,
  actor: string,
  source: string,
  problems: Problem[],
  doc: TeamDocument | null,
): TeamImportOutcome {
  const before = readTeam(tx);
  appendAudit(tx, {
    actor,
    action: 'team.import-refused',
    subject: doc ? `team/${doc.current.version}` : 'team',
    details: {
      source,
      ...(doc ? { version: doc.current.version, hash: doc.current.hash } : {}),
      storeVersion: before?.version ?? null,
      storeSigned: before?.signed ?? null,
      problemCount: problems.length,
      problems: problems.slice(0, 20).map((p) => ({ code: p.code, message: p.message })),
    },
  });
  return { saved: false, changed: false, team: before, pinned: null, versions: [], problems };
}
