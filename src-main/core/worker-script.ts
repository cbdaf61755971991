import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appRoot } from './app-paths';

/**
 * Path of a built worker or child-process entry (`src-main/core/**\/NAME.worker.ts` → `dist/node/NAME.worker.mjs`).
 * Built code finds it beside itself; code run from sources (tests) uses the build in dist/node.
 */
export function workerScript(name: string): string {
  const beside = path.join(path.dirname(fileURLToPath(import.meta.url)), `${name}.mjs`);
  if (existsSync(beside)) return beside;
  const built = path.join(appRoot(), 'dist', 'node', `${name}.mjs`);
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  return built;
}
