// Builds every shipped part: Node entries (CLI, preview host, workers, Electron main) with esbuild into
// dist/node, the sandboxed preload as one self-contained CommonJS file, and the renderer with Vite.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
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
  entryPoints: { provdesk: 'src-main/cli/provdesk.ts' },
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

// `verify` and `inspect` again, as one CommonJS file with V8's code cache beside it (src-main/cli/provdesk.ts,
// code-cache.ts): Node 20 caches no compiled code for ES modules, and compiling the chunks `verify` needs was most of
// its start (issue 16). The other commands' modules stay out (external, never reached: the entry routes only the
// commands named in provdesk.ts's FAST_COMMANDS here). The cache is written by running each command once on the
// shipped sample with PROVDESK_CODE_CACHE=write.
const fastCommands = JSON.parse(
  /FAST_COMMANDS: readonly string\[\] = (\[[^\]]*\])/
    .exec(readFileSync(path.join(root, 'src-main/cli/provdesk.ts'), 'utf8'))?.[1]
    .replaceAll("'", '"') ?? 'null',
);
if (!Array.isArray(fastCommands)) throw new Error('src-main/cli/provdesk.ts: FAST_COMMANDS not found');
const otherCommandsOut = {
  name: 'other-commands-out',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[\w-]+$/ }, (args) =>
      args.importer.endsWith(path.join('src-main', 'cli', 'commands-table.ts')) &&
      !fastCommands.includes(path.basename(args.path))
        ? { path: args.path, external: true }
        : undefined,
    );
  },
};
// What every CommonJS file the build writes shares (the fast CLI, the preload).
const nodeCjs = {
  absWorkingDir: root,
  outdir: 'dist/node',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
};
await build({
  ...nodeCjs,
  entryPoints: { 'cli-fast': 'src-main/cli/main.ts' },
  // Less to read, hash and compile what the cache lacks (about 5 ms of a 125 ms verify); names are kept for traces.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  external: cliExternal,
  plugins: [zodEnglishOnly, zodShaken, otherCommandsOut],
  define: { 'import.meta.url': '__provdeskUrl' },
  banner: { js: "const __provdeskUrl = require('node:url').pathToFileURL(__filename).href;" },
});
{
  const store = mkdtempSync(path.join(os.tmpdir(), 'provdesk-code-cache-'));
  try {
    for (const command of fastCommands) {
      const run = spawnSync(
        process.execPath,
        [path.join(root, 'dist/node/provdesk.mjs'), command, path.join(root, 'assets/samples/iris-logreg.bundle.zip')],
        { env: { ...process.env, PROVDESK_CODE_CACHE: 'write', PROVDESK_STORE: store }, stdio: 'ignore' },
      );
      if (run.status !== 0) throw new Error(`writing the code cache: provdesk ${command} exited with ${run.status}`);
    }
    if (!existsSync(path.join(root, 'dist/node/cli-fast.cjs.cache')))
      throw new Error(
        'writing the code cache: dist/node/cli-fast.cjs.cache was not written (this Node cannot run it?)',
      );
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}

if (existsSync(path.join(root, 'src-main/electron/preload.ts'))) {
  await build({ ...nodeCjs, entryPoints: { preload: 'src-main/electron/preload.ts' }, external: ['electron'] });
}

if (only === 'all') {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}
