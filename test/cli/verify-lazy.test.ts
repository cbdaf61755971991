import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, sampleBundle } from '../helpers/cli';
import { addAuthorship } from '../helpers/sign-zip';
import { person } from '../unit/core/governance/approval-fixtures';

/**
 * `provdesk verify` loads only what the bundle needs (issue 16: it started 5x slower than a bare `node -e 0`, most
 * of it sql.js, the store and the governance modules it imported for every bundle). The built CLI runs under a
 * module resolve hook that writes down every module it loads; an unsigned bag must load neither sql.js nor the
 * license tooling, and a signed one (its signature judged under the store's keys) must load sql.js, which shows the
 * record is complete. No timing here: the numbers are in bench/RESULTS.md.
 */
let dir: string;
let hooks: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-verify-lazy-'));
  writeFileSync(
    path.join(dir, 'record-hooks.mjs'),
    [
      "import { appendFileSync } from 'node:fs';",
      'export async function resolve(specifier, context, next) {',
      '  const found = await next(specifier, context);',
      '  appendFileSync(process.env.PROVDESK_TEST_MODULE_LOG, found.url + "\\n");',
      '  return found;',
      '}',
    ].join('\n'),
  );
  // `verify` runs from the CommonJS fast build (cli-fast.cjs), whose packages load through require(): recorded too.
  writeFileSync(
    path.join(dir, 'record-require.cjs'),
    [
      "const { appendFileSync } = require('node:fs');",
      "const Module = require('node:module');",
      "const { pathToFileURL } = require('node:url');",
      'const resolve = Module._resolveFilename;',
      'Module._resolveFilename = function (...args) {',
      '  const found = resolve.apply(this, args);',
      "  if (found.includes('/')) appendFileSync(process.env.PROVDESK_TEST_MODULE_LOG, pathToFileURL(found).href + '\\n');",
      '  return found;',
      '};',
    ].join('\n'),
  );
  hooks = path.join(dir, 'register.mjs');
  writeFileSync(
    hooks,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'record-hooks.mjs')).href)});\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function verifyLoads(bundle: string, name: string): { code: number; json: Record<string, unknown>; loaded: string[] } {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first (npm test does)`);
  const log = path.join(dir, `${name}.log`);
  writeFileSync(log, '');
  const run = spawnSync(
    process.execPath,
    ['--require', path.join(dir, 'record-require.cjs'), '--import', hooks, cliPath, 'verify', bundle, '--json'],
    {
      encoding: 'utf8',
      env: { ...process.env, PROVDESK_STORE: path.join(dir, `${name}-store`), PROVDESK_TEST_MODULE_LOG: log },
      timeout: 60_000,
    },
  );
  return {
    code: run.status ?? -1,
    json: JSON.parse(run.stdout) as Record<string, unknown>,
    loaded: readFileSync(log, 'utf8').split('\n').filter(Boolean),
  };
}

const fromPackage = (loaded: string[], name: string) => loaded.filter((u) => u.includes(`/node_modules/${name}/`));

describe('provdesk verify loads what the bundle needs', () => {
  it('an unsigned bag: no sql.js, no store, no license tooling', () => {
    const r = verifyLoads(sampleBundle, 'unsigned');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ valid: true, authorship: { status: 'unsigned' } });
    expect(r.loaded.some((u) => u.startsWith(pathToFileURL(path.dirname(cliPath)).href + '/cli/'))).toBe(true);
    expect(fromPackage(r.loaded, 'sql.js')).toEqual([]);
    // From the CommonJS fast build with its code cache (fast-commands.test.ts), not the split build's main chunk.
    expect(r.loaded.some((u) => /\/cli\/code-cache-\w+\.mjs$/.test(u))).toBe(true);
    expect(r.loaded.some((u) => /\/cli\/main-\w+\.mjs$/.test(u))).toBe(false);
    expect(fromPackage(r.loaded, 'spdx-correct')).toEqual([]);
    expect(fromPackage(r.loaded, 'spdx-satisfies')).toEqual([]);
  });

  it('a signed bag: its signature is judged under the store, so the store is loaded', async () => {
    const signed = path.join(dir, 'signed.zip');
    await addAuthorship(sampleBundle, signed, person('Ravi', 'ravi@example.org'));
    const r = verifyLoads(signed, 'signed');
    expect(r.json).toMatchObject({ authorship: { status: 'unknown-key' } });
    expect(fromPackage(r.loaded, 'sql.js').length).toBeGreaterThan(0);
  });

  it('the CLI holds only the parts of zod it uses (its namespace as one value kept all of it, 395 KB, in every run)', () => {
    const built = path.dirname(cliPath);
    const zodIn = (files: string[]) => {
      const modules = new Map<string, number>(); // zod module -> bytes of it
      for (const file of files)
        for (const part of readFileSync(file, 'utf8').split(/^(?=\/\/ (?:node_modules|src-main)\/)/m)) {
          const m = /^\/\/ node_modules\/zod\/(\S+)/.exec(part);
          if (m) modules.set(m[1]!, (modules.get(m[1]!) ?? 0) + part.length);
        }
      return modules;
    };
    const chunks = zodIn(
      readdirSync(path.join(built, 'cli'))
        .filter((f) => f.endsWith('.mjs'))
        .map((f) => path.join(built, 'cli', f)),
    );
    // verify's and inspect's CommonJS build is minified: the zod modules it holds are named by its source map.
    const fast = new Map<string, number>();
    const map = JSON.parse(readFileSync(path.join(built, 'cli-fast.cjs.map'), 'utf8')) as {
      sources: string[];
      sourcesContent: string[];
    };
    map.sources.forEach((source, i) => {
      const m = /node_modules\/zod\/(\S+)$/.exec(source);
      if (m) fast.set(m[1]!, map.sourcesContent[i]!.length);
    });
    for (const modules of [chunks, fast]) {
      expect(modules.has('v4/classic/schemas.js')).toBe(true); // the record is complete
      // Parts nothing here uses: JSON Schema read back into schemas, zod's package index (the namespace as a value).
      for (const unused of ['v4/classic/from-json-schema.js', 'index.js'])
        expect(modules.has(unused), unused).toBe(false);
    }
    const bytes = [...chunks.values()].reduce((a, b) => a + b, 0);
    expect(bytes).toBeLessThan(260 * 1024);
  });
});
