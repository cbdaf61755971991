import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { codeCacheSupported, runWithCodeCache } from '../../../src-main/cli/code-cache';

/**
 * The code cache the CLI's fast commands run with (src-main/cli/code-cache.ts). What it must never do is run bytecode
 * made for other source: V8 checks only the source's length, so a bundle rebuilt to the same length beside an old
 * cache would run the old code. The cache carries the source's SHA-256, and is used only when it matches.
 */
describe.skipIf(!codeCacheSupported())('runWithCodeCache', () => {
  const bundle = (dir: string, body: string) => {
    const file = path.join(dir, 'bundle.cjs');
    writeFileSync(file, body);
    return file;
  };
  const said = () => (globalThis as { __codeCacheSaid?: string }).__codeCacheSaid;

  it('runs the bundle as a CommonJS module; a cache written after a run is used by the next one', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-code-cache-'));
    try {
      const file = bundle(
        dir,
        "const p = require('node:path'); globalThis.__codeCacheSaid = 'one:' + p.basename(__filename) + ':' + typeof module.exports;",
      );
      const first = runWithCodeCache(file);
      expect(said()).toBe('one:bundle.cjs:object');
      expect(first.cacheUsed).toBe(false);
      first.writeCache();
      const kept = readFileSync(`${file}.cache`);
      expect(kept.subarray(0, 32).equals(createHash('sha256').update(readFileSync(file)).digest())).toBe(true);
      expect(runWithCodeCache(file).cacheUsed).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a cache made for other source of the same length, or damaged, is not used: the bundle as it is now runs', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-code-cache-'));
    try {
      const file = bundle(dir, "globalThis.__codeCacheSaid = 'old';");
      runWithCodeCache(file).writeCache();
      bundle(dir, "globalThis.__codeCacheSaid = 'new';"); // same length
      const rebuilt = runWithCodeCache(file);
      expect(said()).toBe('new');
      expect(rebuilt.cacheUsed).toBe(false);

      // Damaged data under the right hash: V8 refuses it and the bundle compiles as usual. (A source this process
      // has not compiled yet: V8 would take an earlier compile of the same text from its own cache instead.)
      bundle(dir, "globalThis.__codeCacheSaid = 'damaged cache';");
      const hash = createHash('sha256').update(readFileSync(file)).digest();
      writeFileSync(`${file}.cache`, Buffer.concat([hash, Buffer.from('not V8 data at all')]));
      expect(runWithCodeCache(file).cacheUsed).toBe(false);
      expect(said()).toBe('damaged cache');
      writeFileSync(`${file}.cache`, 'short');
      expect(runWithCodeCache(file).cacheUsed).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

declare global {
  var __codeCacheSaid: string | undefined;
}
