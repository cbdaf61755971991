import type { Command } from 'commander';
import { localActor } from '../../core/services/app-paths';
import { readInputFile } from '../../core/services/input-files';
import { importTeamFile, storeTeamView } from '../../core/services/team-view';
import { emit, exitCode, problemLines, type GlobalOptions } from '../output';
import { withStore } from '../open-store';
import { pinLines, teamLines } from '../team-output';
import { registerTeamEdits } from './team-edit';

/**
 * `provdesk team create|add-member|set|revoke|sign|import|show`: the signed team file and the team the store trusts.
 */
export function registerTeam(program: Command, globals: () => GlobalOptions): void {
  const team = program
    .command('team')
    .description(
      'the signed team file: members, roles, public keys, module owners, quorums; only its admins change it',
    );
  registerTeamEdits(team, globals);
  team
    .command('import')
    .description(
      'check a signed team file and store it: the first import pins its admins; later versions must be signed by them (exit 1 refused, 2 unreadable or unsigned)',
    )
    .argument('<file>', 'the team file')
    .action(async (file: string) => {
      const opts = globals();
      const bytes = readInputFile(file);
      const r = await withStore(opts, (store) => importTeamFile(store, bytes, localActor()));
      const problems = r.problems.map((p) => ({ ...p, path: file }));
      emit(opts, { saved: r.saved, changed: r.changed, pinnedNow: r.pinned, problems, ...r.view }, () => {
        if (!r.saved) {
          const kept = r.team ? `keeps version ${r.team.version}` : 'has no team still';
          return `REFUSED: the team file was not imported; the store ${kept}.${problemLines('Problems', r.problems)}`;
        }
        if (!r.changed) return `Unchanged: the store holds version ${r.team!.version} already.\n${teamLines(r.view)}`;
        const head = `Imported the team file: version ${r.team!.version}${r.versions.length > 1 ? ` (versions ${r.versions.join(', ')})` : ''}.`;
        return [head, ...(r.pinned ? [pinLines(r.pinned)] : []), teamLines(r.view)].join('\n');
      });
      if (!r.saved) process.exitCode = r.unreadable ? exitCode.usage : exitCode.negative;
    });
  team
    .command('show')
    .description('the team in use (signed or not, pinned admins), and the policy hash approvals are made under')
    .action(async () => {
      const opts = globals();
      const json = await withStore(opts, (store) => storeTeamView(store));
      emit(opts, json, () => teamLines(json));
    });
}
