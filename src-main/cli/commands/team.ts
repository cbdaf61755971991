import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { CodedError } from '../../common/result';
import { readTeam } from '../../core/governance/team-store';
import { importTeam } from '../../core/governance/team-import';
import { localActor } from '../../core/services/app-paths';
import { emit, exitCode, problemLines, type GlobalOptions } from '../output';
import { withStore } from '../open-store';
import { pinLines, teamJson, teamLines } from '../team-output';
import { registerTeamEdits } from './team-edit';

// Problems with the file itself (exit 2); every other refusal is a rule the file breaks (exit 1).
const UNREADABLE = new Set(['team-invalid', 'team-unsigned', 'team-bad-key', 'team-duplicate-member', 'team-duplicate-key']);

/** `provdesk team create|add-member|set|revoke|sign|import|show`: the signed team file and the team the store trusts. */
export function registerTeam(program: Command, globals: () => GlobalOptions): void {
  const team = program.command('team').description('the signed team file: members, roles, public keys, module owners, quorums; only its admins change it');
  registerTeamEdits(team, globals);
  team
    .command('import')
    .description('check a signed team file and store it: the first import pins its admins; later versions must be signed by them (exit 1 refused, 2 unreadable or unsigned)')
    .argument('<file>', 'the team file')
    .action(async (file: string) => {
      const opts = globals();
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        throw new CodedError('io-error', `cannot read ${file}: ${(e as Error).message}`, { input: true, path: file });
      }
      const r = await withStore(opts, (store) => {
        const outcome = importTeam(store, bytes, localActor(), 'cli');
        return { ...outcome, json: teamJson(outcome.team, store) };
      });
      const problems = r.problems.map((p) => ({ ...p, path: file }));
      emit(opts, { saved: r.saved, changed: r.changed, pinnedNow: r.pinned, problems, ...r.json }, () => {
        if (!r.saved) {
          const kept = r.team ? `keeps version ${r.team.version}` : 'has no team still';
          return `REFUSED: the team file was not imported; the store ${kept}.${problemLines('Problems', r.problems)}`;
        }
        if (!r.changed) return `Unchanged: the store holds version ${r.team!.version} already.\n${teamLines(r.json)}`;
        const head = `Imported the team file: version ${r.team!.version}${r.versions.length > 1 ? ` (versions ${r.versions.join(', ')})` : ''}.`;
        return [head, ...(r.pinned ? [pinLines(r.pinned)] : []), teamLines(r.json)].join('\n');
      });
      if (!r.saved) process.exitCode = r.problems.some((p) => UNREADABLE.has(p.code)) ? exitCode.usage : exitCode.negative;
    });
  team
    .command('show')
    .description('the team in use (signed or not, pinned admins), and the policy hash approvals are made under')
    .action(async () => {
      const opts = globals();
      const json = await withStore(opts, (store) => teamJson(readTeam(store), store));
      emit(opts, json, () => teamLines(json));
    });
}
