import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProxy, startRegistry, type Tamper, type TestRegistry } from './oci-registry';

export interface RegistryBehindProxy {
  /** A temporary folder of the suite's own, removed after it. */
  dir: string;
  registry: TestRegistry;
  /** In front of `registry`: `tamper.current` sees (and may answer or rewrite) every exchange. */
  proxy: { host: string; stop: () => Promise<void> };
  tamper: { current: Tamper | null };
}

/**
 * A real registry with a tampering proxy before it, started before the enclosing describe block's tests and stopped
 * after them. Call it inside the describe block; the fields are there once its tests run.
 */
export function registryBehindProxy(dirPrefix: string): RegistryBehindProxy {
  const suite = { tamper: { current: null } } as RegistryBehindProxy;
  beforeAll(async () => {
    suite.dir = mkdtempSync(path.join(os.tmpdir(), dirPrefix));
    suite.registry = await startRegistry();
    suite.proxy = await startProxy(suite.registry.host, suite.tamper);
  }, 60_000);
  afterAll(async () => {
    await suite.proxy?.stop();
    await suite.registry?.stop();
    if (suite.dir) rmSync(suite.dir, { recursive: true, force: true });
  });
  return suite;
}

/** Lets every exchange through, writing down each PATCH's Content-Range. */
export function recordPatchRanges(tamper: { current: Tamper | null }): string[] {
  const ranges: string[] = [];
  tamper.current = (req, _res, forward) => {
    if (req.method === 'PATCH') ranges.push(String(req.headers['content-range']));
    forward();
    return true;
  };
  return ranges;
}
