import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliPath, sampleBundle } from '../helpers/cli';
import { registryMissing, runCliAsync, startRegistry, type TestRegistry } from '../helpers/oci-registry';

/**
 * `registry list` keeps manifests by digest in the store folder (registry/manifests.json): a repeat listing asks each
 * tag's digest (HEAD) and reads the kept manifest, but only when its bytes hash to that digest; a tag moved to another
 * manifest is seen at once.
 */

let dir: string;
let registry: TestRegistry;
const env = () => ({ DOCKER_CONFIG: path.join(dir, 'no-docker-config') });
const cli = (store: string, args: string[]) => runCliAsync(cliPath, ['--store', path.join(dir, store), ...args], env());
const cacheFile = () => path.join(dir, 'a', 'registry', 'manifests.json');
const OCI = 'application/vnd.oci.image.manifest.v1+json';

interface Row {
  reference: string;
  manifestDigest: string;
  name: string | null;
  pushedAt: string | null;
}

async function listing(): Promise<Row[]> {
  const out = await cli('a', ['--json', 'registry', 'list', `${registry.host}/team/list`]);
  expect(out.code, out.stderr).toBe(0);
  return out.json().bundles as Row[];
}

if (registryMissing) {
  it(`registry list cache tests skipped: ${registryMissing}`, () => undefined);
}

describe.skipIf(registryMissing !== null)('registry list: manifests kept by digest', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-registry-list-cache-'));
    registry = await startRegistry();
  }, 60_000);
  afterAll(async () => {
    await registry?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a kept manifest is used only when it hashes to the tag’s digest; a moved tag is seen', async () => {
    const pushed = await cli('a', ['--json', 'push', sampleBundle, `${registry.host}/team/list:one`]);
    expect(pushed.code, pushed.stderr).toBe(0);
    const { manifestDigest } = pushed.json() as { manifestDigest: string };
    const first = await listing();
    expect(first.map((r) => r.manifestDigest)).toEqual([manifestDigest]);
    const kept = JSON.parse(readFileSync(cacheFile(), 'utf8')) as Record<string, string>;
    expect(Object.keys(kept)).toContain(manifestDigest);

    // The kept bytes are changed on disk (another name) under the same digest: they do not hash to it, so they are
    // not used; the registry's manifest is fetched again and the entry repaired.
    const original = Buffer.from(kept[manifestDigest]!, 'base64');
    const forged = JSON.parse(original.toString()) as { annotations: Record<string, string> };
    forged.annotations['org.opencontainers.image.title'] = 'Forged name';
    writeFileSync(
      cacheFile(),
      JSON.stringify({ ...kept, [manifestDigest]: Buffer.from(JSON.stringify(forged)).toString('base64') }),
    );
    const second = await listing();
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ manifestDigest, name: first[0]!.name });
    expect(second[0]!.name).not.toBe('Forged name');
    const repaired = JSON.parse(readFileSync(cacheFile(), 'utf8')) as Record<string, string>;
    expect(Buffer.from(repaired[manifestDigest]!, 'base64').equals(original)).toBe(true);

    // The tag moves to another manifest (another creation time): the listing follows the tag, not the cache.
    const moved = JSON.parse(original.toString()) as { annotations: Record<string, string> };
    moved.annotations['org.opencontainers.image.created'] = '2030-01-01T00:00:00.000Z';
    const put = await fetch(`http://${registry.host}/v2/team/list/manifests/one`, {
      method: 'PUT',
      headers: { 'content-type': OCI },
      body: JSON.stringify(moved),
    });
    expect(put.status).toBe(201);
    const third = await listing();
    expect(third).toHaveLength(1);
    expect(third[0]!.pushedAt).toBe('2030-01-01T00:00:00.000Z');
    expect(third[0]!.manifestDigest).not.toBe(manifestDigest);

    // Garbage in the cache file: ignored, the listing stands.
    writeFileSync(cacheFile(), '[not a cache');
    expect((await listing()).map((r) => r.pushedAt)).toEqual(['2030-01-01T00:00:00.000Z']);
  }, 60_000);
});
