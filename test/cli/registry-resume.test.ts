import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliPath, sampleBundle } from '../helpers/cli';
import {
  registryMissing,
  runCliAsync,
  startProxy,
  startRegistry,
  type Tamper,
  type TestRegistry,
} from '../helpers/oci-registry';
import { recordPatchRanges } from '../helpers/registry-proxy-suite';

/**
 * An upload resumes across runs: a `provdesk push` killed midway leaves its upload session's location in the store
 * folder (registry/uploads.json, never a credential); the next push of the same bundle to the same repository asks
 * the registry where that upload stands and sends only the rest. A session the registry forgot starts over.
 */

let dir: string;
let registry: TestRegistry;
let proxy: { host: string; stop: () => Promise<void> };
const tamper: { current: Tamper | null } = { current: null };
const layerDigest = `sha256:${createHash('sha256').update(readFileSync(sampleBundle)).digest('hex')}`;
const env = () => ({ DOCKER_CONFIG: path.join(dir, 'no-docker-config'), PROVDESK_REGISTRY_CHUNK_BYTES: '1024' });
const cli = (store: string, args: string[]) => runCliAsync(cliPath, ['--store', path.join(dir, store), ...args], env());
const sessionsFile = (store: string) => path.join(dir, store, 'registry', 'uploads.json');
const layersFile = (store: string) => path.join(dir, store, 'registry', 'layers.json');

/** Starts a push through the proxy and kills it (SIGKILL) when the proxy holds its third PATCH. */
async function killedPush(store: string, repo: string, source = sampleBundle): Promise<void> {
  let patches = 0;
  let hold: () => void = () => undefined;
  const third = new Promise<void>((resolve) => (hold = resolve));
  tamper.current = (req, _res, forward) => {
    if (req.method === 'PATCH' && ++patches === 3) {
      hold(); // never forwarded, never answered: the process dies waiting
      return true;
    }
    forward();
    return true;
  };
  const child = spawn(
    process.execPath,
    [cliPath, '--store', path.join(dir, store), '--json', 'push', source, `${proxy.host}/${repo}:one`],
    { env: { ...process.env, ...env() }, stdio: 'ignore' },
  );
  const exited = new Promise((r) => child.once('exit', r));
  await third;
  child.kill('SIGKILL');
  await exited;
  tamper.current = null;
}

if (registryMissing) {
  it(`registry resume tests skipped: ${registryMissing}`, () => undefined);
}

describe.skipIf(registryMissing !== null)('provdesk push resumes an upload across runs', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-registry-resume-'));
    registry = await startRegistry();
    proxy = await startProxy(registry.host, tamper);
  }, 60_000);
  afterAll(async () => {
    await proxy?.stop();
    await registry?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a push killed midway continues from the registry’s offset on the next push; the blob digest is right', async () => {
    await killedPush('a', 'team/resume');
    const kept = readFileSync(sessionsFile('a'), 'utf8');
    expect(Object.keys(JSON.parse(kept) as object)).toEqual([`${proxy.host}/team/resume@${layerDigest}`]);
    expect(kept).not.toMatch(/authorization|password|Basic |Bearer /i);

    const ranges = recordPatchRanges(tamper);
    try {
      const out = await cli('a', ['--json', 'push', sampleBundle, `${proxy.host}/team/resume:one`]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.json()).toMatchObject({ layerDigest });
    } finally {
      tamper.current = null;
    }
    // Two 1 KiB chunks reached the registry before the kill: the rerun starts at byte 2048.
    expect(ranges[0]).toBe('2048-3071');
    expect(existsSync(sessionsFile('a'))).toBe(false); // finished: nothing kept
    const blob = await fetch(`http://${registry.host}/v2/team/resume/blobs/${layerDigest}`);
    expect(
      `sha256:${createHash('sha256')
        .update(Buffer.from(await blob.arrayBuffer()))
        .digest('hex')}`,
    ).toBe(layerDigest);
    const pulled = await cli('b', ['--json', 'pull', `${registry.host}/team/resume:one`]);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.json()).toMatchObject({ imported: true });
  }, 60_000);

  it('a connection cut midway through the PATCH (the registry then drops the upload) starts a new upload', async () => {
    let patches = 0;
    let posts = 0;
    tamper.current = (req, _res, forward) => {
      if (req.method === 'POST') posts++;
      if (req.method === 'PATCH' && ++patches === 1) {
        // 1000 bytes reach the registry, then the connection drops: Distribution 2.8 cancels such an upload.
        const up = http.request(`http://${registry.host}${req.url}`, {
          method: 'PATCH',
          headers: { ...req.headers, host: registry.host },
        });
        up.on('error', () => undefined);
        let sent = 0;
        req.on('data', (c: Buffer) => {
          if (sent >= 1000) return;
          const part = c.subarray(0, 1000 - sent);
          sent += part.length;
          up.write(part, () => {
            if (sent >= 1000) setTimeout(() => (up.destroy(), req.socket.destroy()), 300);
          });
        });
        return true;
      }
      forward();
      return true;
    };
    try {
      // One PATCH for the whole layer (no chunk size set): cut, then sent whole again in a new upload.
      const out = await runCliAsync(
        cliPath,
        ['--store', path.join(dir, 'i'), '--json', 'push', sampleBundle, `${proxy.host}/team/cut:one`],
        { DOCKER_CONFIG: path.join(dir, 'no-docker-config') },
      );
      expect(out.code, out.stderr).toBe(0);
      expect(out.json()).toMatchObject({ layerDigest });
    } finally {
      tamper.current = null;
    }
    // The cut one, then the whole layer in a new upload (and, if the cut reached the registry after the status asked,
    // one PATCH refused as an unknown upload in between).
    expect(patches).toBeGreaterThanOrEqual(2);
    expect(patches).toBeLessThanOrEqual(3);
    expect(posts).toBeGreaterThanOrEqual(2); // the config's upload and the layer's, then the layer's again
    const pulled = await cli('j', ['--json', 'pull', `${registry.host}/team/cut:one`]);
    expect(pulled.json()).toMatchObject({ imported: true });
  }, 60_000);

  it('by default the layer goes in one streamed PATCH; a registry that refuses it as too large (413) gets chunks', async () => {
    const ranges: string[] = [];
    let refused = 0;
    tamper.current = (req, res, forward) => {
      if (req.method === 'PATCH') {
        ranges.push(String(req.headers['content-range']));
        if (refused === 0) {
          refused++;
          req.resume();
          res.writeHead(413, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ code: 'SIZE_INVALID', message: 'request too large' }] }));
          return true;
        }
      }
      forward();
      return true;
    };
    const size = readFileSync(sampleBundle).length;
    try {
      const out = await runCliAsync(
        cliPath,
        ['--store', path.join(dir, 'f'), '--json', 'push', sampleBundle, `${proxy.host}/team/whole:one`],
        { DOCKER_CONFIG: path.join(dir, 'no-docker-config') },
      );
      expect(out.code, out.stderr).toBe(0);
      expect(out.json()).toMatchObject({ layerDigest });
    } finally {
      tamper.current = null;
    }
    // The whole file in one request, refused; then again from the registry's offset (0) in 16 MiB chunks (one here).
    expect(ranges).toEqual([`0-${size - 1}`, `0-${size - 1}`]);
  }, 60_000);

  it('a stored bundle (by digest, or its zip file) is the same layer each time, not verified again; a held layer is not sent again', async () => {
    const imported = await cli('g', ['--json', 'import', sampleBundle]);
    expect(imported.code, imported.stderr).toBe(0);
    const { bundleDigest } = imported.json() as { bundleDigest: string };
    const once = await cli('g', ['--json', 'push', bundleDigest, `${registry.host}/team/stored:one`]);
    expect(once.code, once.stderr).toBe(0);
    let patches = 0;
    tamper.current = (req, _res, forward) => {
      if (req.method === 'PATCH') patches++;
      forward();
      return true;
    };
    try {
      const twice = await cli('g', ['--json', 'push', bundleDigest, `${proxy.host}/team/stored:two`]);
      expect(twice.code, twice.stderr).toBe(0);
      expect((twice.json() as { layerDigest: string }).layerDigest).toBe(
        (once.json() as { layerDigest: string }).layerDigest,
      );
    } finally {
      tamper.current = null;
    }
    expect(patches).toBe(0);
    // The zip file of a bundle the store holds verified: the store's copy is what goes (the same layer), unverified.
    const byFile = await cli('g', ['--json', 'push', sampleBundle, `${registry.host}/team/stored:three`]);
    expect(byFile.code, byFile.stderr).toBe(0);
    expect(byFile.json()).toMatchObject({
      bundleDigest,
      layerDigest: (once.json() as { layerDigest: string }).layerDigest,
    });
    expect((byFile.json() as { layerDigest: string }).layerDigest).not.toBe(layerDigest);
    const pulled = await cli('h', ['--json', 'pull', `${registry.host}/team/stored:two`]);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.json()).toMatchObject({ imported: true, bundleDigest, status: 'verified' });
  }, 60_000);

  it('a stored bundle’s zip, made as it is sent, resumes too: kept under the zip’s identity, the CRCs read again', async () => {
    const imported = await cli('k', ['--json', 'import', sampleBundle]);
    expect(imported.code, imported.stderr).toBe(0);
    const { bundleDigest } = imported.json() as { bundleDigest: string };
    await killedPush('k', 'team/made', bundleDigest);
    const keys = Object.keys(JSON.parse(readFileSync(sessionsFile('k'), 'utf8')) as object);
    expect(keys).toEqual([expect.stringMatching(new RegExp(`^${proxy.host}/team/made@zip-sha256:[0-9a-f]{64}$`))]);
    expect(existsSync(layersFile('k'))).toBe(false); // no digest before a push the registry accepted
    const ranges = recordPatchRanges(tamper);
    try {
      const out = await cli('k', ['--json', 'push', bundleDigest, `${proxy.host}/team/made:one`]);
      expect(out.code, out.stderr).toBe(0);
      expect(ranges[0]).toBe('2048-3071');
      const { layerDigest: made } = out.json() as { layerDigest: string };
      // The digest taken on the way is the registry's, and is remembered for the next push of this bundle.
      const blob = Buffer.from(await (await fetch(`http://${registry.host}/v2/team/made/blobs/${made}`)).arrayBuffer());
      expect(`sha256:${createHash('sha256').update(blob).digest('hex')}`).toBe(made);
      expect(Object.values(JSON.parse(readFileSync(layersFile('k'), 'utf8')) as object)).toEqual([
        { digest: made, savedAt: expect.any(Number) },
      ]);
    } finally {
      tamper.current = null;
    }
    const pulled = await cli('l', ['--json', 'pull', `${registry.host}/team/made:one`]);
    expect(pulled.json()).toMatchObject({ imported: true, bundleDigest, status: 'verified' });
  }, 60_000);

  it('a kept session the registry forgot (or a location that is not an upload) starts over from byte 0', async () => {
    await killedPush('c', 'team/stale');
    const key = `${proxy.host}/team/stale@${layerDigest}`;
    const kept = JSON.parse(readFileSync(sessionsFile('c'), 'utf8')) as Record<string, { location: string }>;
    // The registry forgets the upload (cancelled, as a registry's garbage collection would).
    const cancelled = await fetch(kept[key]!.location.replace(proxy.host, registry.host), { method: 'DELETE' });
    expect(cancelled.status).toBe(204);
    const ranges = recordPatchRanges(tamper);
    try {
      const out = await cli('c', ['--json', 'push', sampleBundle, `${proxy.host}/team/stale:one`]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.json()).toMatchObject({ layerDigest });
      expect(ranges[0]).toBe('0-1023');

      // A kept location on another origin, or garbage: ignored, the push starts over and succeeds.
      writeFileSync(
        sessionsFile('c'),
        JSON.stringify({
          [`${proxy.host}/team/other@${layerDigest}`]: { location: 'http://evil.example/upload', savedAt: Date.now() },
        }),
      );
      ranges.length = 0;
      const other = await cli('c', ['--json', 'push', sampleBundle, `${proxy.host}/team/other:one`]);
      expect(other.code, other.stderr).toBe(0);
      expect(ranges[0]).toBe('0-1023');
      writeFileSync(sessionsFile('c'), '{not json');
      const garbage = await cli('c', ['--json', 'push', sampleBundle, `${proxy.host}/team/garbage:one`]);
      expect(garbage.code, garbage.stderr).toBe(0);
    } finally {
      tamper.current = null;
    }
  }, 60_000);
});
