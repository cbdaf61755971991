import { Command, CommanderError } from 'commander';
import { appVersion } from '../core/services/app-paths';
import { errorJson, exitCode, exitCodeFor, type GlobalOptions } from './output';
import { registerVerify } from './commands/verify';
import { registerInspect } from './commands/inspect';
import { registerImport } from './commands/import';
import { registerList } from './commands/list';
import { registerExport } from './commands/export';
import { registerAudit } from './commands/audit';
import { registerLicenses } from './commands/licenses';
import { registerAccess } from './commands/access';
import { registerReplay } from './commands/replay';
import { registerIdentity } from './commands/identity';
import { registerTeam } from './commands/team';
import { registerApprove } from './commands/approve';
import { registerAttestation } from './commands/attestation';
import { registerPack } from './commands/pack';
import { registerImportMlflow } from './commands/import-mlflow';
import { registerDiff } from './commands/diff';
import { registerReport } from './commands/report';
import { registerSign } from './commands/sign';
import { registerRegistry, registerSync } from './commands/registry';

/** `provdesk`: the CLI contract of CLI.md over the same core as the app. */
export function buildProgram(): Command {
  const program = new Command('provdesk')
    .description('Provenance Desk: verify, import, inspect, replay and audit ML provenance bundles')
    .version(appVersion(), '-V, --version')
    .option('--json', 'print exactly one JSON document on stdout')
    .option('--store <dir>', 'the store folder (default: the app store in your user data folder; PROVDESK_STORE also sets it)')
    .showHelpAfterError()
    .exitOverride();
  const globals = () => program.opts<GlobalOptions>();
  registerVerify(program, globals);
  registerInspect(program, globals);
  registerImport(program, globals);
  registerList(program, globals);
  registerExport(program, globals);
  registerLicenses(program, globals);
  registerAccess(program, globals);
  registerReplay(program, globals);
  registerAudit(program, globals);
  registerIdentity(program, globals);
  registerTeam(program, globals);
  registerApprove(program, globals);
  registerAttestation(program, globals);
  registerPack(program, globals);
  registerImportMlflow(program, globals);
  registerDiff(program, globals);
  registerReport(program, globals);
  registerSign(program, globals);
  registerRegistry(program, globals);
  registerSync(program, globals);
  for (const command of program.commands) applyExitOverride(command);
  return program;
}

function applyExitOverride(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) applyExitOverride(sub);
}

export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : exitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? exitCode.ok : exitCode.usage;
    }
    const code = exitCodeFor(error);
    if (program.opts<GlobalOptions>().json) process.stdout.write(`${JSON.stringify({ error: errorJson(error) }, null, 2)}\n`);
    process.stderr.write(`provdesk: ${errorJson(error).message}\n`);
    return code;
  }
}

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
