import { CodedError } from '../common/result';
import type { Problem } from '../common/problem';
export { formatBytes } from '../common/format-bytes';

/** Exit codes of the CLI contract (CLI.md). */
export const exitCode = { ok: 0, negative: 1, usage: 2, failed: 3 } as const;

export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface GlobalOptions {
  json?: boolean;
  store?: string;
}

/** Prints exactly one JSON document with --json, the human text otherwise. */
export function emit(options: GlobalOptions, json: unknown, human: () => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  else process.stdout.write(`${human()}\n`);
}

export function describeProblem(problem: Problem): string {
  const where = problem.path ? ` [${problem.path}]` : problem.entity ? ` [${problem.entity}]` : '';
  const digests =
    problem.expected || problem.actual
      ? `\n      expected ${problem.algorithm ?? ''} ${problem.expected ?? '?'}\n      actual   ${problem.algorithm ?? ''} ${problem.actual ?? '?'}`
      : '';
  return `  - ${problem.code}${where}: ${problem.message}${digests}`;
}

export function problemLines(title: string, problems: Problem[]): string {
  if (problems.length === 0) return '';
  return `\n${title} (${problems.length}):\n${problems.map(describeProblem).join('\n')}`;
}

/**
 * Maps a failure to the contract's exit code (docs/cli.md "Exit codes"): what the user gave is at fault (a usage
 * error, unreadable input, a name that matches nothing or more than one thing, a wrong passphrase) is 2; a refusal is
 * a negative answer, 1; anything else failed, 3.
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CliExit) return error.code;
  if (error instanceof CodedError) {
    // input: the user's own input is at fault (unreadable, a file in the way, a key it cannot unlock): theirs to change
    if (error.details?.input === true) return exitCode.usage;
    if (error.code === 'not-found' || error.code === 'invalid-request' || error.code === 'conflict')
      return exitCode.usage;
    if (error.code === 'refused') return exitCode.negative;
  }
  return exitCode.failed;
}

export function errorJson(error: unknown): { code: string; message: string } {
  if (error instanceof CodedError) return { code: error.code, message: error.message, ...(error.details ?? {}) };
  if (error instanceof CliExit)
    return { code: error.code === exitCode.usage ? 'usage' : 'failed', message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** Progress goes to stderr, and only when a person is watching. */
export function progressReporter(enabled: boolean): ((line: string) => void) | undefined {
  if (!enabled || !process.stderr.isTTY) return undefined;
  return (line) => process.stderr.write(`\r\x1b[K${line}`);
}
