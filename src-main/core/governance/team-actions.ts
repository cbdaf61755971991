import type { KeyObject } from 'node:crypto';
import type { Identity, Role, TeamEditResult, TeamFile } from '../../common/schemas/governance';
import { keyFingerprint } from '../../common/schemas/team-document';
import { CodedError } from '../../common/result';
import type { Store } from '../store/store';
import { readTeamDocument, teamDocumentText, type TeamDocument } from './team-document';
import { assertMaySign, draftCreate, draftNext, signDraft, signatureStatus, type TeamDraft } from './team-edit';
import { importDocument } from './team-import';
import { readTeam, storedTeamVersions } from './team-store';

/**
 * The app's team actions: a new version of the store's own signed team, signed with the local identity and
 * imported when its signatures suffice; the document comes back to be shared (teammates import the same file).
 */

type Unlock = () => Promise<KeyObject>;

/**
 * Version 1 of a team with the local identity as its admin; replaces (pins over) a legacy unsigned team. The
 * version is issued at the store's clock (the transaction that imports it reads the same clock).
 */
export async function createStoreTeam(
  store: Store,
  input: { name: string; roles: Role[] },
  identity: Identity | null,
  unlock: Unlock,
  actor: string,
  now = store.now(),
): Promise<TeamEditResult> {
  const before = readTeam(store);
  if (before?.signed)
    throw new CodedError(
      'conflict',
      `this store has a signed team already (version ${before.version}): add members or change its settings instead`,
      { reason: 'team-exists' },
    );
  if (!identity)
    throw new CodedError('refused', 'a team is signed by its admins: make your signing identity first', {
      reason: 'team-no-identity',
    });
  const draft = draftCreate(input, identity, now.toISOString());
  return signAndImport(store, draft, identity, unlock, actor, 'team.create');
}

/** Version N+1 of the store's signed team with `change` applied; the local identity must be an admin of version N. */
export async function editStoreTeam(
  store: Store,
  change: (team: TeamFile) => { team: TeamFile; notes: string[] },
  identity: Identity | null,
  unlock: Unlock,
  actor: string,
  source: string,
  now = store.now(),
): Promise<TeamEditResult> {
  const doc = storedTeamDocument(store);
  if (!doc)
    throw new CodedError(
      'refused',
      'this store has no signed team: create one, or import a signed team file from an admin',
      { reason: 'team-unsigned' },
    );
  const draft = draftNext(doc, change, now.toISOString());
  return signAndImport(store, draft, identity, unlock, actor, source);
}

/** The store's signed versions as one document (the newest with the older ones as history), or null. */
export function storedTeamDocument(store: Store): TeamDocument | null {
  const versions = storedTeamVersions(store);
  if (versions.length === 0) return null;
  const read = readTeamDocument(
    teamDocumentText(
      versions.at(-1)!.document,
      versions.slice(0, -1).map((v) => v.document),
    ),
  );
  if (!read.document)
    throw new CodedError(
      'internal',
      `the stored team does not read back: ${read.problems.map((p) => p.message).join('; ')}`,
    );
  return read.document;
}

async function signAndImport(
  store: Store,
  draft: TeamDraft,
  identity: Identity | null,
  unlock: Unlock,
  actor: string,
  source: string,
): Promise<TeamEditResult> {
  assertMaySign(draft, identity);
  const made = signDraft(draft, await unlock(), identity.keyId);
  const status = signatureStatus(made.current, draft.predecessor);
  const document = teamDocumentText(made.current, made.history);
  const fileName = `${
    (draft.team.name ?? 'team')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'team'
  }.team-v${draft.version}.json`;
  const stillToSign = status.stillToSign.map(({ name, email, keyId }) => ({
    name,
    email,
    keyId,
    fingerprint: keyFingerprint(keyId),
  }));
  const base = { document, fileName, version: draft.version, stillToSign, notes: draft.notes };
  if (!status.complete)
    return { ...base, imported: false, team: readTeam(store), pinned: null, problems: status.problems };
  const outcome = store.transaction((tx) => importDocument(tx, made, actor, source));
  return { ...base, imported: outcome.changed, team: outcome.team, pinned: outcome.pinned, problems: outcome.problems };
}
