import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Identity, Role, TeamFile } from '../../common/schemas/governance';
import { roleSchema } from '../../common/schemas/governance';
import { CodedError } from '../../common/result';
import { scryptKeyProtector } from '../../core/governance/key-protector';
import { readIdentity, unlockIdentity } from '../../core/governance/local-identity';
import { readTeamDocument, teamDocumentText, type TeamDocument } from '../../core/governance/team-document';
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
} from '../../core/governance/team-edit';
import { writeFileDurable } from '../../core/store/file-io';
import { CliExit, emit, exitCode, problemLines, type GlobalOptions } from '../output';
import { storeDirOf, withStore } from '../open-store';
import { readPassphrase } from '../passphrase';
import { adminJson, fileTeam, teamJson } from '../team-output';

/**
 * `provdesk team create|add-member|set|revoke|sign`: each writes a new signed version of a team file (or adds a
 * signature to its current one) with the store's identity, which must be an admin of the version replaced. The
 * store is only read (for the identity); the file is written atomically. `team import` puts the file in use.
 */
export function registerTeamEdits(team: Command, globals: () => GlobalOptions): void {
  team
    .command('create')
    .description('make version 1 of a signed team file, with your identity as its first admin')
    .requiredOption('--name <team>', "the team's name")
    .option('--role <role>', 'a role you hold besides admin: contributor, reviewer or owner (repeat for several)', (v: string, all: string[]) => [...all, v], [])
    .requiredOption('-o, --output <file>', 'the team file to write (never overwritten)')
    .action(async (options: { name: string; role: string[]; output: string }) => {
      const opts = globals();
      const roles = options.role.map(roleOf);
      const out = path.resolve(options.output);
      if (existsSync(out)) throw new CliExit(exitCode.usage, `${out} exists: team create never overwrites a team file (to change a team, use add-member or set on it)`);
      if (!options.name.trim()) throw new CliExit(exitCode.usage, '--name must not be empty');
      const identity = await localIdentity(opts);
      if (!identity) throw noIdentity();
      await signAndWrite(opts, draftCreate({ name: options.name, roles }, identity, new Date().toISOString()), identity, out);
    });
  editCommand(team, 'add-member', 'add a member, or a role to one; a different key for a member rotates it (the old key is revoked)', (c) =>
    c
      .requiredOption('--name <name>', "the member's name")
      .requiredOption('--email <email>', "the member's email")
      .requiredOption('--public-key <key>', "the member's public key (base64 SPKI, from their `provdesk identity show`)")
      .requiredOption('--role <role>', 'contributor, reviewer, owner or admin'),
  ).action(async (file: string, o: { name: string; email: string; publicKey: string; role: string; output?: string }) => {
    const role = roleOf(o.role);
    await edit(globals(), file, o.output, (t) => addMember(t, { name: o.name, email: o.email, publicKey: o.publicKey, role }));
  });
  editCommand(team, 'set', "change the team's settings", (c) =>
    c
      .option('--name <team>', "the team's name")
      .option('--quorum <n>', 'approvals a bundle needs', intOf('--quorum'))
      .option('--admin-quorum <n>', 'admin signatures the next version needs', intOf('--admin-quorum'))
      .option('--require-signed-authorship <yes>', 'true or false: only bundles whose authorship a member signed are approvable', boolOf)
      .option('--owners <module=emails>', "a module's owners, comma-separated (repeat per module; nothing after = removes them)", ownersOf, undefined),
  ).action(async (file: string, o: { name?: string; quorum?: number; adminQuorum?: number; requireSignedAuthorship?: boolean; owners?: Record<string, string[]>; output?: string }) => {
    const { output, owners, ...settings } = o;
    if (Object.values(settings).every((v) => v === undefined) && !owners) throw new CliExit(exitCode.usage, 'give at least one of --name, --quorum, --admin-quorum, --require-signed-authorship, --owners');
    await edit(globals(), file, output, (t) => setSettings(t, { ...settings, ...(owners ? { moduleOwners: owners } : {}) }));
  });
  editCommand(team, 'revoke', "revoke a member's key: what it signs no longer counts", (c) =>
    c.requiredOption('--email <email>', 'the member').option('--key <keyid>', 'the key id to revoke (default: their current key)'),
  ).action(async (file: string, o: { email: string; key?: string; output?: string }) => {
    await edit(globals(), file, o.output, (t) => revokeKey(t, { email: o.email, ...(o.key ? { keyId: o.key } : {}) }));
  });
  team
    .command('sign')
    .description("add your signature to the file's current version (when its admin quorum needs more than one)")
    .argument('<file>', 'the team file')
    .option('-o, --output <file>', 'write the result here instead of over FILE')
    .action(async (file: string, o: { output?: string }) => {
      const opts = globals();
      const doc = readDocument(file);
      const identity = await localIdentity(opts);
      refusals(() => assertMayCoSign(doc, identity));
      const key = await unlock(opts, identity!);
      const signed = coSign(doc, key, identity!.keyId);
      report(opts, signed, path.resolve(o.output ?? file), [`signed version ${doc.current.version} as ${identity!.name} <${identity!.email}>`], identity!);
    });
}

function editCommand(team: Command, name: string, description: string, options: (c: Command) => Command): Command {
  const c = team.command(name).description(`${description}; writes the next version, signed by you (an admin of the current one)`).argument('<file>', 'the team file');
  return options(c).option('-o, --output <file>', 'write the new version here instead of over FILE');
}

async function edit(opts: GlobalOptions, file: string, output: string | undefined, change: (t: TeamFile) => { team: TeamFile; notes: string[] }): Promise<void> {
  const doc = readDocument(file);
  const draft = refusals(() => draftNext(doc, change, new Date().toISOString()));
  const identity = await localIdentity(opts);
  await signAndWrite(opts, draft, identity, path.resolve(output ?? file));
}

async function signAndWrite(opts: GlobalOptions, draft: TeamDraft, identity: Identity | null, out: string): Promise<void> {
  refusals(() => assertMaySign(draft, identity));
  const key = await unlock(opts, identity!);
  report(opts, signDraft(draft, key, identity!.keyId), out, draft.notes, identity!);
}

/** Writes the document (temp file, fsync, rename) and says whether its signatures suffice, or who must still sign. */
function report(opts: GlobalOptions, doc: SignedTeam, out: string, notes: string[], identity: Identity): void {
  writeFileDurable(out, Buffer.from(teamDocumentText(doc.current, doc.history), 'utf8'));
  const status = signatureStatus(doc.current, predecessorOf(doc));
  const json = teamJson(fileTeam(doc.current, status.signedBy.map((a) => a.keyId)));
  const still = status.stillToSign.map(adminJson);
  emit(opts, { file: out, complete: status.complete, signedBy: status.signedBy.map(adminJson), stillToSign: still, notes, problems: status.problems, ...json }, () => {
    const team = doc.current.team.name ? `team ${doc.current.team.name}` : 'the team';
    const head = `Wrote version ${doc.current.version} of ${team} to ${out}, signed by ${identity.name} <${identity.email}>.`;
    const next = status.complete
      ? `Its signatures suffice. Put it in use with \`provdesk team import ${out}\` (in every teammate's store too).`
      : [`More admins must sign before any store takes it; each of them runs \`provdesk team sign ${out}\`:`, ...still.map((a) => `  ${a.name} <${a.email}>  key ${a.fingerprint}`)].join('\n');
    return [head, ...notes.map((n) => `  - ${n}`), next].join('\n');
  });
}

function readDocument(file: string): TeamDocument {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new CodedError('io-error', `cannot read ${file}: ${(e as Error).message}`, { input: true, path: file });
  }
  const r = readTeamDocument(bytes);
  if (!r.document) throw new CliExit(exitCode.usage, `${file} is not a signed team file.${problemLines('Problems', r.problems)}`);
  return r.document;
}

/** The store's identity; the store is opened read-only (it holds the identity, the file holds the team). */
async function localIdentity(opts: GlobalOptions): Promise<Identity | null> {
  return existsSync(storeDirOf(opts)) ? withStore(opts, (store) => readIdentity(store), true) : null;
}

async function unlock(opts: GlobalOptions, identity: Identity) {
  return unlockIdentity(storeDirOf(opts), identity, scryptKeyProtector(await readPassphrase(`Passphrase for ${identity.email}: `)));
}

/** A rule the edit breaks (not an admin, nothing to change, a file that does not hold) is exit 1, with the rule named. */
function refusals<T>(work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof CodedError && e.code === 'conflict') throw new CodedError('refused', e.message, e.details);
    throw e;
  }
}

function noIdentity(): CodedError {
  return new CodedError('refused', 'this store has no signing identity: make one with `provdesk identity create` (a team file is signed by its admins)', { reason: 'team-no-identity' });
}

function roleOf(v: string): Role {
  const r = roleSchema.safeParse(v);
  if (!r.success) throw new CliExit(exitCode.usage, `--role takes contributor, reviewer, owner or admin, not ${JSON.stringify(v)}`);
  return r.data;
}

function intOf(flag: string) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 100) throw new CliExit(exitCode.usage, `${flag} takes a whole number from 1 to 100, not ${JSON.stringify(v)}`);
    return Number(v);
  };
}

function ownersOf(v: string, all: Record<string, string[]> | undefined): Record<string, string[]> {
  const at = v.indexOf('=');
  if (at <= 0) throw new CliExit(exitCode.usage, `--owners takes module=email,email, not ${JSON.stringify(v)}`);
  const emails = v.slice(at + 1).split(',').map((e) => e.trim()).filter(Boolean);
  const bad = emails.find((e) => !/^[^\s@]+@[^\s@]+$/.test(e));
  if (bad) throw new CliExit(exitCode.usage, `--owners: ${JSON.stringify(bad)} is not an email address`);
  return { ...all, [v.slice(0, at).trim()]: emails };
}

function boolOf(v: string): boolean {
  if (v === 'true' || v === 'false') return v === 'true';
  throw new CliExit(exitCode.usage, `--require-signed-authorship takes true or false, not ${JSON.stringify(v)}`);
}
