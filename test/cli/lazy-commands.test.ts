import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandNamed } from '../../src-main/cli/commands-table';
import { exitCode } from '../../src-main/cli/output';

/**
 * The CLI loads only the command it is asked for (issue 16); the top-level help is printed from commands-table.ts.
 * This keeps the table equal to what the command modules register: every command, its help term and its summary.
 */
describe('lazy commands', () => {
  it('the table holds every command the modules register, with their own terms and summaries, in order', async () => {
    const program = new Command('provdesk');
    const done = new Set<unknown>();
    for (const c of COMMANDS) {
      const register = await c.load();
      if (!done.has(register)) register(program, () => ({}) as never);
      done.add(register);
    }
    const help = new Help();
    expect(program.commands.map((c) => [c.name(), help.subcommandTerm(c), c.description()])).toEqual(
      COMMANDS.map((c) => [c.name, c.term, c.summary]),
    );
  });

  it('finds the command named after the global options, or none', () => {
    expect(commandNamed(['--json', '--store', '/s', 'verify', 'x.zip'])).toBe('verify');
    expect(commandNamed(['--store=/s', 'replay'])).toBe('replay');
    expect(commandNamed(['help', 'audit'])).toBe('audit');
    expect(commandNamed(['--help'])).toBeNull();
    expect(commandNamed(['-V'])).toBeNull();
    expect(commandNamed(['frobnicate'])).toBeNull();
    expect(commandNamed([])).toBeNull();
  });

  it("main.ts answers help and usage errors with output.ts's exit codes without loading it", () => {
    expect([exitCode.ok, exitCode.usage]).toEqual([0, 2]); // EXIT_OK and EXIT_USAGE in main.ts
  });
});
