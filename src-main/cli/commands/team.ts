import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { StoredTeam } from '../../common/schemas/governance';
import { CodedError } from '../../common/result';
import { keyIdOfPublicKey, parsePublicKey } from '../../core/governance/ed25519-keys';
import { readPolicy } from '../../core/governance/policy-store';
import { parseTeamText } from '../../core/governance/team-file';
import { approvalPolicyHash, importTeam, readTeam } from '../../core/governance/team-store';
import { localActor } from '../../core/services/app-paths';
import type { ReadApi } from '../../core/store/store';
import { emit, exitCode, problemLines, type GlobalOptions } from '../output';
import { withStore } from '../open-store';

/** `provdesk team import|show`: the team file (members, roles, keys, module owners, quorum) the store trusts. */
export function registerTeam(program: Command, globals: () => GlobalOptions): void {
  const team = program.command('team').description('the team: members, roles, public keys, module owners and the approval quorum');
  team
    .command('import')
    .description('validate and store a team file (JSON); audited, every version kept')
    .argument('<file>', 'the team file')
    .action(async (file: string) => {
      const opts = globals();
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        throw new CodedError('io-error', `cannot read ${file}: ${(e as Error).message}`, { input: true, path: file });
      }
      const parsed = parseTeamText(bytes);
      if (!parsed.team) {
        emit(opts, { saved: false, changed: false, problems: parsed.problems.map((p) => ({ ...p, path: file })) }, () => `The team file was not imported.${problemLines('Problems', parsed.problems)}`);
        process.exitCode = exitCode.usage; // bad input; the problems are the one document printed
        return;
      }
      const result = await withStore(opts, (store) => {
        const r = importTeam(store, parsed.team!, localActor());
        return { ...r, json: teamJson(store, r.team) };
      });
      emit(opts, { saved: true, changed: result.changed, problems: [], ...result.json }, () => `${result.changed ? `Imported the team file as version ${result.team.version}` : `Unchanged: the team file is version ${result.team.version} already`}\n${teamLines(result.json)}`);
    });
  team
    .command('show')
    .description('the team file in use, and the policy hash approvals are made under')
    .action(async () => {
      const opts = globals();
      const json = await withStore(opts, (store) => teamJson(store, readTeam(store)));
      emit(opts, json, () => teamLines(json));
    });
}

function teamJson(db: ReadApi, stored: StoredTeam | null) {
  const license = readPolicy(db);
  return {
    version: stored?.version ?? null,
    hash: stored?.hash ?? null,
    importedAt: stored?.importedAt ?? null,
    importedBy: stored?.importedBy ?? null,
    name: stored?.team.name ?? null,
    members: (stored?.team.members ?? []).map((m) => ({ name: m.name, email: m.email, roles: m.roles, keyId: keyIdOfPublicKey(parsePublicKey(m.publicKey)), publicKey: m.publicKey, revokedKeys: m.revokedKeys })),
    moduleOwners: stored?.team.moduleOwners ?? {},
    quorum: stored?.team.quorum ?? 1,
    policy: { hash: approvalPolicyHash(db), licensePolicy: { version: license.version, hash: license.hash } },
  };
}

function teamLines(t: ReturnType<typeof teamJson>): string {
  if (t.version === null) return 'No team file: the local identity may review (quorum 1).';
  const members = t.members.map((m) => `  ${m.name} <${m.email}>  ${m.roles.join(', ')}  key ${m.keyId.slice(0, 16)}${m.revokedKeys.length ? `  (${m.revokedKeys.length} revoked)` : ''}`);
  const owners = Object.entries(t.moduleOwners).map(([mod, emails]) => `  ${mod}: ${emails.join(', ') || '(none)'}`);
  return [`Team${t.name ? ` ${t.name}` : ''}, version ${t.version}, quorum ${t.quorum}`, 'Members:', ...members, ...(owners.length ? ['Module owners:', ...owners] : []), `Approval policy hash: ${t.policy.hash}`].join('\n');
}
