import { CRASH_ENV } from './protocol';

/**
 * The environment a replay worker starts with (issue 13): an allow-list, never the parent's whole environment. The
 * worker runs a bundle's model, so it gets nothing that holds a secret (PROVDESK_PASSPHRASE, cloud keys, tokens,
 * proxy credentials) — only what Node, ONNX Runtime and the OS need to start and find a temp folder and a locale.
 *
 * NODE_OPTIONS is dropped on purpose: it can preload code into the worker (--require, --import) and change the
 * limits the parent set (--max-old-space-size, --stack-size); the worker's flags come from execArgv alone.
 */

const ALLOWED: ReadonlySet<string> = new Set([
  'PATH', // the loader finds ONNX Runtime's shared libraries' dependencies
  'HOME', // os.homedir()
  'USERPROFILE', // os.homedir() on Windows
  'TMPDIR', // os.tmpdir()
  'TEMP',
  'TMP',
  'LANG', // the locale (LC_* by prefix below)
  'TZ',
  'SYSTEMROOT', // Windows: Node's crypto and sockets need it
  'WINDIR',
  CRASH_ENV, // test-only: makes the worker abort on its job (THREATS 14)
]);

/** On Windows names are case-insensitive (`Path`, `SystemRoot`); elsewhere they are exact. */
export function workerEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const key = platform === 'win32' ? name.toUpperCase() : name;
    if (ALLOWED.has(key) || key.startsWith('LC_')) out[name] = value;
  }
  return out;
}
