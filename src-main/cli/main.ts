import { Command, CommanderError, Help } from 'commander';
import { appVersion } from '../core/services/app-paths';
import type { GlobalOptions } from './output';
import { COMMANDS, commandNamed, type LazyCommand, type Register } from './commands-table';

/**
 * `provdesk`: the CLI contract of CLI.md over the same core as the app. Only the command named on the command line
 * is loaded (commands-table.ts); the others stand in the program as their name, term and summary, which is all the
 * top-level help and commander's "unknown command" need.
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('provdesk')
    .description('Provenance Desk: verify, import, inspect, replay and audit ML provenance bundles')
    .version(appVersion(), '-V, --version')
    .option('--json', 'print exactly one JSON document on stdout')
    .option(
      '--store <dir>',
      'the store folder (default: the app store in your user data folder; PROVDESK_STORE also sets it)',
    )
    .showHelpAfterError()
    .exitOverride();
  const globals = () => program.opts<GlobalOptions>();
  const named = commandNamed(argv);
  // `verify` and `inspect` parse one bundle's few documents, each once: compiling zod's fast path for every schema
  // costs more than it saves (issue 16: 6-20 ms for the metadata's check, about 1 ms without). Set before the
  // command's modules build their schemas, which is when zod reads it.
  if (named === 'verify' || named === 'inspect') (await import('./zod-jitless')).zodJitless();
  const wanted = COMMANDS.filter((c) => c.name === named);
  const registers = new Map<LazyCommand['load'], Promise<Register>>();
  for (const c of wanted) if (!registers.has(c.load)) registers.set(c.load, c.load());
  const loaded = new Map<string, Register>();
  for (const c of wanted) loaded.set(c.name, await registers.get(c.load)!);
  const done = new Set<Register>();
  const terms = new Map<Command, string>();
  for (const c of COMMANDS) {
    const register = loaded.get(c.name);
    if (register) {
      if (!done.has(register)) register(program, globals);
      done.add(register);
    } else if (!program.commands.some((cmd) => cmd.name() === c.name))
      terms.set(program.command(c.name).description(c.summary), c.term);
  }
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? new Help().subcommandTerm(cmd) });
  for (const command of program.commands) applyExitOverride(command);
  return program;
}

function applyExitOverride(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) applyExitOverride(sub);
}

// output.ts's exitCode.ok and .usage, here so that help and usage errors load nothing more
const EXIT_OK = 0;
const EXIT_USAGE = 2;

export async function run(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0. Commander printed its message and the usage on stderr;
      // with --json (anywhere before a `--`) stdout still gets exactly one JSON document.
      if (error.exitCode === 0) return EXIT_OK;
      if (jsonAsked(argv))
        process.stdout.write(
          `${JSON.stringify({ error: { code: 'usage', message: error.message.replace(/^error: /, '') } }, null, 2)}\n`,
        );
      return EXIT_USAGE;
    }
    // only on this path: it brings zod and the common schemas
    const { errorJson, exitCodeFor } = await import('./output');
    const code = exitCodeFor(error);
    if (program.opts<GlobalOptions>().json)
      process.stdout.write(`${JSON.stringify({ error: errorJson(error) }, null, 2)}\n`);
    process.stderr.write(`provdesk: ${errorJson(error).message}\n`);
    return code;
  }
}

/**
 * Whether --json was given: commander may stop before it parsed the option (an unknown command, a missing argument).
 */
function jsonAsked(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
