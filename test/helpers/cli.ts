import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './bundle-script';

export const cliPath = path.join(repoRoot, 'dist', 'node', 'provdesk.mjs');
export const sampleBundle = path.join(repoRoot, 'assets', 'samples', 'iris-logreg.bundle.zip');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => Record<string, unknown>;
}

// A command given no store must never reach the developer's own (the app's default store): it gets this one.
const isolatedStore = path.join(os.tmpdir(), `provdesk-cli-test-store-${process.pid}`);

/**
 * Runs the built `provdesk` as CI does; `npm test` builds first. Without --store or PROVDESK_STORE, a throwaway store.
 */
export function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first (npm test does)`);
  const run = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PROVDESK_STORE: isolatedStore, ...env },
    timeout: 120_000,
  });
  return {
    code: run.status ?? -1,
    stdout: run.stdout,
    stderr: run.stderr,
    json: () => JSON.parse(run.stdout) as Record<string, unknown>,
  };
}
