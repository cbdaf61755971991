import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');

/**
 * Bundles a TypeScript entry (e.g. a child process for a crash test) into a runnable .mjs under .tmp,
 * so tests can spawn real Node processes running the project's own code.
 */
export async function bundleScript(entry: string, name: string): Promise<string> {
  const outDir = path.join(repoRoot, '.tmp', 'scripts');
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [path.resolve(repoRoot, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}
