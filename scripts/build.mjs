// Builds every shipped part: Node entries (CLI, preview host, workers, Electron main) with esbuild into
// dist/node, the sandboxed preload as one self-contained CommonJS file, and the renderer with Vite.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.includes('--node-only') ? 'node' : 'all';

// Worker entry points live beside the code that starts them and end in `.worker.ts`.
function findWorkers(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findWorkers(full));
    else if (entry.name.endsWith('.worker.ts')) out.push(full);
  }
  return out;
}

const nodeEntries = {
  preview: 'src-main/host/preview.ts',
  'electron-main': 'src-main/electron/main.ts',
};
for (const worker of findWorkers(path.join(root, 'src-main/core'))) {
  nodeEntries[path.basename(worker, '.ts')] = path.relative(root, worker);
}
for (const [name, file] of Object.entries(nodeEntries)) {
  if (!existsSync(path.join(root, file))) delete nodeEntries[name];
}

rmSync(path.join(root, 'dist/node'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: nodeEntries,
  outdir: 'dist/node',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});

// The CLI on its own, split: each command is a chunk imported when named (src-main/cli/commands-table.ts), so
// `provdesk --help` or `verify` does not load the rest (dist/node/cli/ holds the chunks). The small pure-JS packages
// every command loads are bundled in (issue 16): Node resolving and compiling zod's ~60 ESM files and commander's and
// yauzl's CommonJS at each start cost more than the rest of `provdesk verify` on a small bag. `require` is given to
// the bundled CommonJS (commander and yauzl require Node's built-ins).
const cliBundled = ['zod', 'commander', 'yauzl'];
// zod exports its 40-odd error-message locales as `z.locales` (370 KB the CLI would compile at each start); nothing
// here uses them (English is zod's default, which zod imports on its own), so the CLI's copy of zod gets English alone.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: path.join(args.resolveDir, '../locales/en.js'), namespace: 'zod-en' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-en' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
    }));
  },
};
// `import { z } from 'zod'` gives esbuild zod's namespace as one value, so every command's chunks held all of zod
// (395 KB, each schema class built at start). Read as `import * as z` from zod's own module, esbuild keeps only the
// parts a command uses (zod marks itself free of side effects).
const zodShaken = {
  name: 'zod-shaken',
  setup(b) {
    const external = path.join(root, 'node_modules/zod/v4/classic/external.js');
    b.onLoad({ filter: /[\\/]src-main[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const contents = text.replace(/^import \{ z \} from 'zod';$/m, `import * as z from ${JSON.stringify(external)};`);
      return { contents, loader: 'ts' };
    });
  },
};
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const cliExternal = Object.keys(pkg.dependencies)
  .filter((name) => !cliBundled.includes(name))
  .flatMap((name) => [name, `${name}/*`]);
await build({
  absWorkingDir: root,
  entryPoints: { provdesk: 'src-main/cli/main.ts' },
  outdir: 'dist/node',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'cli/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: cliExternal,
  plugins: [zodEnglishOnly, zodShaken],
  sourcemap: true,
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __provdeskRequire } from 'node:module';\nconst require = __provdeskRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

if (existsSync(path.join(root, 'src-main/electron/preload.ts'))) {
  await build({
    absWorkingDir: root,
    entryPoints: { preload: 'src-main/electron/preload.ts' },
    outdir: 'dist/node',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    logLevel: 'warning',
  });
}

if (only === 'all') {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}
