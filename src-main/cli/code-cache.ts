import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Runs a CommonJS bundle with V8's code cache: the bytecode of the functions an earlier run compiled, so a short run
 * (`provdesk verify` of a small bag) neither parses nor compiles them again (issue 16: within 2x of `node -e 0`).
 * Node 20 has no compile cache for ES modules; Node 22's `module.enableCompileCache()` would make this unnecessary.
 *
 * The cache file beside the bundle (`FILE.cache`) is the SHA-256 of the bundle's source, then V8's data. V8 checks only
 * the source's length and its own version and flags; the hash makes a cache written for other source unusable. A
 * cache that is absent, for other source or refused by V8 (another Node) costs nothing but the compile it would have
 * saved. The build writes it (`writeCache` once a run of each command has ended, so it holds every function they
 * compiled).
 */
const HASH_BYTES = 32;

export interface CodeCacheRun {
  /** Whether V8 took the cache (false: none, another source's, or refused). */
  cacheUsed: boolean;
  /** Writes `FILE.cache` (atomically) with every function compiled so far. */
  writeCache(): void;
}

/** Whether this Node can run a bundle so (dynamic `import()` inside a vm.Script needs the main context's loader). */
export function codeCacheSupported(): boolean {
  return (vm.constants as Partial<typeof vm.constants> | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER !== undefined;
}

export function runWithCodeCache(file: string): CodeCacheRun {
  const source = readFileSync(file, 'utf8');
  const hash = createHash('sha256').update(source).digest();
  const cacheFile = `${file}.cache`;
  let cachedData: Buffer | undefined;
  try {
    const kept = readFileSync(cacheFile);
    if (kept.length > HASH_BYTES && kept.subarray(0, HASH_BYTES).equals(hash)) cachedData = kept.subarray(HASH_BYTES);
  } catch {
    // no cache: compiled as usual
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const wrapper = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return {
    cacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    writeCache: () => {
      const temp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temp, Buffer.concat([hash, script.createCachedData()]));
      renameSync(temp, cacheFile);
    },
  };
}
