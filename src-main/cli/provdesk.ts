import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandNamed } from './commands-table';

/**
 * The `provdesk` entry. `verify` and `inspect` (one bundle read once, the commands CI runs most) run from a CommonJS
 * build of the CLI holding only them (cli-fast.cjs, made by scripts/build.mjs) with V8's code cache (code-cache.ts);
 * every other command, and those two where the fast build is missing or this Node cannot run it, load from the split
 * ES module build (main.ts). Both are the same main.ts: the same program, options, output and exit codes.
 */
export const FAST_COMMANDS: readonly string[] = ['verify', 'inspect'];

const named = commandNamed(process.argv.slice(2));
const fast = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli-fast.cjs');
// code-cache.ts is imported only here: `--help` and the other commands do not load node:vm and node:crypto for it.
const cache = named && FAST_COMMANDS.includes(named) && existsSync(fast) ? await import('./code-cache') : null;
if (cache?.codeCacheSupported()) {
  const run = cache.runWithCodeCache(fast);
  // The build's step that writes the cache (scripts/build.mjs): once this run is over.
  if (process.env.PROVDESK_CODE_CACHE === 'write') process.once('beforeExit', run.writeCache);
} else await import('./main');
