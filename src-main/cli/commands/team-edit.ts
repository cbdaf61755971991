import type { Command } from 'commander';
import { z } from 'zod';
import { governanceChannelSchemas as gov } from '../../common/schemas/governance';
import {
  coSignTeamFile,
  createTeamFile,
  editTeamFile,
  type TeamFileChange,
  type TeamFileWritten,
} from '../../core/services/team-files';
import { number, parseFlags } from '../flags';
import { CliExit, emit, exitCode, type GlobalOptions } from '../output';
import { storeDirOf } from '../open-store';
import { askIdentityPassphrase } from '../signing';

// The app's team:create|addMember|set requests (the passphrase is asked here, not a flag).
const createFlags = gov.teamCreateRequest.omit({ passphrase: true });
const memberFlags = gov.teamAddMemberRequest.omit({ passphrase: true });
const settingsFlags = gov.teamSetRequest.omit({ passphrase: true }).extend({
  moduleOwners: z.record(gov.modulesSetOwnersRequest.shape.module, gov.modulesSetOwnersRequest.shape.owners).optional(),
});
const quorum = { expected: 'a whole number from 1 to 100' };

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
    .option(
      '--role <role>',
      'a role you hold besides admin: contributor, reviewer or owner (repeat for several)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .requiredOption('-o, --output <file>', 'the team file to write (never overwritten)')
    .action(async (options: { name: string; role: string[]; output: string }) => {
      const opts = globals();
      const input = parseFlags(createFlags, { name: options.name, roles: options.role }, { roles: { flag: '--role' } });
      report(opts, await createTeamFile(storeDirOf(opts), input, options.output, askIdentityPassphrase));
    });
  editCommand(
    team,
    'add-member',
    'add a member, or a role to one; a different key for a member rotates it (the old key is revoked)',
    (c) =>
      c
        .requiredOption('--name <name>', "the member's name")
        .requiredOption('--email <email>', "the member's email")
        .requiredOption(
          '--public-key <key>',
          "the member's public key (base64 SPKI, from their `provdesk identity show`)",
        )
        .requiredOption('--role <role>', 'contributor, reviewer, owner or admin'),
  ).action(
    async (file: string, o: { name: string; email: string; publicKey: string; role: string; output?: string }) => {
      const member = parseFlags(memberFlags, { name: o.name, email: o.email, publicKey: o.publicKey, role: o.role });
      await edit(globals(), file, o.output, { kind: 'add-member', ...member });
    },
  );
  editCommand(team, 'set', "change the team's settings", (c) =>
    c
      .option('--name <team>', "the team's name")
      .option('--quorum <n>', 'approvals a bundle needs')
      .option('--admin-quorum <n>', 'admin signatures the next version needs')
      .option(
        '--require-signed-authorship <yes>',
        'true or false: only bundles whose authorship a member signed are approvable',
      )
      .option(
        '--owners <module=emails>',
        "a module's owners, comma-separated (repeat per module; nothing after = removes them)",
        ownersOf,
        undefined,
      ),
  ).action(
    async (
      file: string,
      o: {
        name?: string;
        quorum?: string;
        adminQuorum?: string;
        requireSignedAuthorship?: string;
        owners?: Record<string, string[]>;
        output?: string;
      },
    ) => {
      const settings = parseFlags(
        settingsFlags,
        {
          name: o.name,
          quorum: number(o.quorum),
          adminQuorum: number(o.adminQuorum),
          requireSignedAuthorship: boolean(o.requireSignedAuthorship),
          moduleOwners: o.owners,
        },
        {
          quorum,
          adminQuorum: quorum,
          requireSignedAuthorship: { expected: 'true or false' },
          moduleOwners: { flag: '--owners' },
        },
      );
      if (Object.values(settings).every((v) => v === undefined))
        throw new CliExit(
          exitCode.usage,
          'give at least one of --name, --quorum, --admin-quorum, --require-signed-authorship, --owners',
        );
      await edit(globals(), file, o.output, { kind: 'set', settings });
    },
  );
  editCommand(team, 'revoke', "revoke a member's key: what it signs no longer counts", (c) =>
    c
      .requiredOption('--email <email>', 'the member')
      .option('--key <keyid>', 'the key id to revoke (default: their current key)'),
  ).action(async (file: string, o: { email: string; key?: string; output?: string }) => {
    await edit(globals(), file, o.output, { kind: 'revoke', email: o.email, ...(o.key ? { keyId: o.key } : {}) });
  });
  team
    .command('sign')
    .description("add your signature to the file's current version (when its admin quorum needs more than one)")
    .argument('<file>', 'the team file')
    .option('-o, --output <file>', 'write the result here instead of over FILE')
    .action(async (file: string, o: { output?: string }) => {
      const opts = globals();
      report(opts, await coSignTeamFile(storeDirOf(opts), file, o.output, askIdentityPassphrase));
    });
}

function editCommand(team: Command, name: string, description: string, options: (c: Command) => Command): Command {
  const c = team
    .command(name)
    .description(`${description}; writes the next version, signed by you (an admin of the current one)`)
    .argument('<file>', 'the team file');
  return options(c).option('-o, --output <file>', 'write the new version here instead of over FILE');
}

async function edit(
  opts: GlobalOptions,
  file: string,
  output: string | undefined,
  change: TeamFileChange,
): Promise<void> {
  report(opts, await editTeamFile(storeDirOf(opts), file, output, change, askIdentityPassphrase));
}

/** Says whether the written file's signatures suffice, or who must still sign it. */
function report(opts: GlobalOptions, w: TeamFileWritten): void {
  const { signer, ...json } = w;
  emit(opts, json, () => {
    const team = w.name ? `team ${w.name}` : 'the team';
    const head = `Wrote version ${w.version} of ${team} to ${w.file}, signed by ${signer.name} <${signer.email}>.`;
    const next = w.complete
      ? `Its signatures suffice. Put it in use with \`provdesk team import ${w.file}\` (in every teammate's store too).`
      : [
          `More admins must sign before any store takes it; each of them runs \`provdesk team sign ${w.file}\`:`,
          ...w.stillToSign.map((a) => `  ${a.name} <${a.email}>  key ${a.fingerprint}`),
        ].join('\n');
    return [head, ...w.notes.map((n) => `  - ${n}`), next].join('\n');
  });
}

/** "true" or "false" as typed, or the text for the schema to refuse. */
function boolean(v: string | undefined): boolean | string | undefined {
  return v === 'true' ? true : v === 'false' ? false : v;
}

function ownersOf(v: string, all: Record<string, string[]> | undefined): Record<string, string[]> {
  const at = v.indexOf('=');
  if (at <= 0) throw new CliExit(exitCode.usage, `--owners takes module=email,email, not ${JSON.stringify(v)}`);
  const emails = v
    .slice(at + 1)
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = emails.find((e) => !/^[^\s@]+@[^\s@]+$/.test(e));
  if (bad) throw new CliExit(exitCode.usage, `--owners: ${JSON.stringify(bad)} is not an email address`);
  return { ...all, [v.slice(0, at).trim()]: emails };
}
