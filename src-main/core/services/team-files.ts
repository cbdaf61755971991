import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../common/problem';
import { CodedError } from '../../common/result';
import type { Identity, Role } from '../../common/schemas/governance';
import { readIdentity, unlockIdentity } from '../governance/local-identity';
import { readTeamDocument, teamDocumentText, type TeamDocument } from '../governance/team-document';
import {
  addMember,
  assertMayCoSign,
  assertMaySign,
  coSign,
  draftCreate,
  draftNext,
  predecessorOf,
  revokeKey,
  setSettings,
  signDraft,
  signatureStatus,
  type SignedTeam,
  type TeamDraft,
  type TeamSettings,
} from '../governance/team-edit';
import { scryptKeyProtector } from '../keys/key-protector';
import { writeFileDurable } from '../store/file-io';
import { readInputFile } from './input-files';
import { withStore } from './store-session';
import { adminView, fileTeam, teamView, type TeamView } from './team-view';

/**
 * Team files edited outside the store (`provdesk team create|add-member|set|revoke|sign`): each writes a new signed
 * version (or adds a signature to the current one) with the identity of the store at `storeDir`, which must be an
 * admin of the version replaced. The store is only read; the file is written atomically (temp file, fsync, rename).
 * A rule the edit breaks (not an admin, nothing to change) is a refusal naming the rule.
 */

export type TeamFileChange =
  | { kind: 'add-member'; name: string; email: string; publicKey: string; role: Role }
  | { kind: 'set'; settings: TeamSettings }
  | { kind: 'revoke'; email: string; keyId?: string };

export interface TeamFileWritten extends TeamView {
  file: string;
  complete: boolean; // its signatures suffice for a store to take it
  signedBy: ReturnType<typeof adminView>[];
  stillToSign: ReturnType<typeof adminView>[];
  notes: string[]; // what changed, in words
  problems: Problem[];
  signer: { name: string; email: string }; // who signed it here
}

/** The identity's passphrase, asked only once the edit is known to be allowed. */
export type AskPassphrase = (identity: Identity) => Promise<string>;

export async function createTeamFile(
  storeDir: string,
  input: { name: string; roles: Role[] },
  output: string,
  passphrase: AskPassphrase,
): Promise<TeamFileWritten> {
  const out = path.resolve(output);
  if (existsSync(out))
    throw new CodedError(
      'conflict',
      `${out} exists: team create never overwrites a team file (to change a team, use add-member or set on it)`,
      { path: out, input: true },
    );
  const identity = await localIdentity(storeDir);
  if (!identity)
    throw new CodedError(
      'refused',
      'this store has no signing identity: make one with `provdesk identity create` (a team file is signed by its admins)',
      { reason: 'team-no-identity' },
    );
  return signAndWrite(storeDir, draftCreate(input, identity, new Date().toISOString()), identity, out, passphrase);
}

export async function editTeamFile(
  storeDir: string,
  file: string,
  output: string | undefined,
  change: TeamFileChange,
  passphrase: AskPassphrase,
): Promise<TeamFileWritten> {
  const doc = readDocument(file);
  const draft = refusals(() =>
    draftNext(
      doc,
      (team) =>
        change.kind === 'add-member'
          ? addMember(team, change)
          : change.kind === 'set'
            ? setSettings(team, change.settings)
            : revokeKey(team, change),
      new Date().toISOString(),
    ),
  );
  return signAndWrite(storeDir, draft, await localIdentity(storeDir), path.resolve(output ?? file), passphrase);
}

/** Adds the identity's signature to the file's current version (when its admin quorum needs more than one). */
export async function coSignTeamFile(
  storeDir: string,
  file: string,
  output: string | undefined,
  passphrase: AskPassphrase,
): Promise<TeamFileWritten> {
  const doc = readDocument(file);
  const identity = await localIdentity(storeDir);
  refusals(() => assertMayCoSign(doc, identity));
  const key = await unlockIdentity(storeDir, identity!, scryptKeyProtector(await passphrase(identity!)));
  return written(
    coSign(doc, key, identity!.keyId),
    path.resolve(output ?? file),
    [`signed version ${doc.current.version} as ${identity!.name} <${identity!.email}>`],
    identity!,
  );
}

async function signAndWrite(
  storeDir: string,
  draft: TeamDraft,
  identity: Identity | null,
  out: string,
  passphrase: AskPassphrase,
): Promise<TeamFileWritten> {
  refusals(() => assertMaySign(draft, identity));
  const key = await unlockIdentity(storeDir, identity!, scryptKeyProtector(await passphrase(identity!)));
  return written(signDraft(draft, key, identity!.keyId), out, draft.notes, identity!);
}

/** Writes the document and says whether its signatures suffice, or who must still sign. */
function written(doc: SignedTeam, out: string, notes: string[], identity: Identity): TeamFileWritten {
  writeFileDurable(out, Buffer.from(teamDocumentText(doc.current, doc.history), 'utf8'));
  const status = signatureStatus(doc.current, predecessorOf(doc));
  const view = teamView(
    fileTeam(
      doc.current,
      status.signedBy.map((a) => a.keyId),
    ),
  );
  return {
    file: out,
    complete: status.complete,
    signedBy: status.signedBy.map(adminView),
    stillToSign: status.stillToSign.map(adminView),
    notes,
    problems: status.problems,
    ...view,
    signer: { name: identity.name, email: identity.email },
  };
}

function readDocument(file: string): TeamDocument {
  const r = readTeamDocument(readInputFile(file));
  if (r.document) return r.document;
  const lines = r.problems.map((p) => `  - ${p.code}: ${p.message}`).join('\n');
  throw new CodedError(
    'invalid-request',
    `${file} is not a signed team file.\nProblems (${r.problems.length}):\n${lines}`,
    { input: true, path: file, problems: r.problems },
  );
}

/** The store's identity, read-only (the store holds the identity, the file holds the team); null without a store. */
async function localIdentity(storeDir: string): Promise<Identity | null> {
  return existsSync(storeDir) ? withStore(storeDir, (store) => readIdentity(store), { readOnly: true }) : null;
}

/** A rule the edit breaks (not an admin, nothing to change, a file that does not hold) is a refusal, the rule named. */
function refusals<T>(work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof CodedError && e.code === 'conflict') throw new CodedError('refused', e.message, e.details);
    throw e;
  }
}
