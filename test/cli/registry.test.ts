import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliPath, sampleBundle } from '../helpers/cli';
import { rewriteZip } from '../helpers/zip-edit';
import {
  registryMissing,
  runCliAsync,
  startProxy,
  startRegistry,
  type Tamper,
  type TestRegistry,
} from '../helpers/oci-registry';

/**
 * `provdesk push` / `pull` against the real CNCF Distribution registry (2.8, Debian's docker-registry), plain and
 * behind htpasswd Basic auth, and through a proxy that plays a hostile or flaky registry and a Bearer token service.
 */

const passphrase = { PROVDESK_PASSPHRASE: 'correct horse battery' };
let dir: string;
let plain: TestRegistry;
let basic: TestRegistry;
let proxy: { host: string; stop: () => Promise<void> };
const tamper: { current: Tamper | null } = { current: null };
let pushed: { reference: string; manifestDigest: string; bundleDigest: string; layerDigest: string };
const noDockerConfig = () => ({ DOCKER_CONFIG: path.join(dir, 'no-docker-config') });

const cli = (store: string, args: string[], env: Record<string, string> = {}) =>
  runCliAsync(cliPath, ['--store', path.join(dir, store), ...args], { ...passphrase, ...noDockerConfig(), ...env });

async function auditEntries(
  store: string,
): Promise<{ action: string; subject: string; details: Record<string, unknown> }[]> {
  const file = path.join(dir, `${store}-audit.jsonl`);
  const out = await cli(store, ['audit', 'export', '-o', file]);
  expect(out.code, out.stderr).toBe(0);
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { action: string; subject: string; details: Record<string, unknown> });
}

async function listed(store: string): Promise<unknown[]> {
  const out = await cli(store, ['--json', 'list']);
  return (out.json().bundles as unknown[]) ?? [];
}

function dockerConfig(name: string, host: string, user: string, password: string): string {
  const folder = path.join(dir, name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    path.join(folder, 'config.json'),
    JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } }),
  );
  return folder;
}

if (registryMissing) {
  it(`team registry tests skipped: ${registryMissing}`, () => {
    console.warn(`test/cli/registry.test.ts skipped: ${registryMissing}`);
  });
}

describe.skipIf(registryMissing !== null)('provdesk push / pull against a real registry', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-registry-cli-'));
    plain = await startRegistry();
    basic = await startRegistry({ basic: { user: 'ravi', password: 's3cret-pass' } });
    proxy = await startProxy(plain.host, tamper);
  }, 60_000);
  afterAll(async () => {
    await proxy?.stop();
    await plain?.stop();
    await basic?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('push publishes the bundle as an OCI artifact: empty config, the zip as one layer, annotations, tag from the digest', async () => {
    const out = await cli('a', ['--json', 'push', sampleBundle, `${plain.host}/team/runs`]);
    expect(out.code, out.stderr).toBe(0);
    pushed = out.json() as typeof pushed;
    expect(pushed.bundleDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(pushed.reference).toBe(`${plain.host}/team/runs:${pushed.bundleDigest.slice(0, 16)}`);
    expect(pushed.layerDigest).toBe(`sha256:${createHash('sha256').update(readFileSync(sampleBundle)).digest('hex')}`);
    const res = await fetch(`http://${plain.host}/v2/team/runs/manifests/${pushed.bundleDigest.slice(0, 16)}`, {
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(pushed.manifestDigest);
    expect(JSON.parse(bytes.toString())).toMatchObject({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.provenance-desk.bundle.v1',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', size: 2 },
      layers: [{ mediaType: 'application/vnd.provenance-desk.bundle.v1+zip', digest: pushed.layerDigest }],
      annotations: {
        'org.provenance-desk.bundle.digest': pushed.bundleDigest,
        'org.opencontainers.image.title': 'Iris species logistic regression',
        'org.opencontainers.image.created': expect.any(String),
      },
    });
    const audit = await auditEntries('a');
    expect(audit.find((e) => e.action === 'registry.push')).toMatchObject({
      subject: pushed.bundleDigest,
      details: { reference: pushed.reference, manifestDigest: pushed.manifestDigest },
    });
  }, 60_000);

  it('pull verifies and imports as import does, the audit entry naming the reference; again: already in the store', async () => {
    const out = await cli('b', ['--json', 'pull', pushed.reference]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.json()).toMatchObject({
      imported: true,
      refused: false,
      bundleDigest: pushed.bundleDigest,
      reference: pushed.reference,
      manifestDigest: pushed.manifestDigest,
      status: 'verified',
    });
    const again = await cli('b', ['--json', 'pull', `${plain.host}/team/runs@${pushed.manifestDigest}`]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ imported: false, bundleDigest: pushed.bundleDigest });
    const entry = (await auditEntries('b')).find((e) => e.action === 'bundle.import');
    expect(entry).toMatchObject({
      subject: pushed.bundleDigest,
      details: {
        source: pushed.reference,
        origin: { manifestDigest: pushed.manifestDigest, layerDigest: pushed.layerDigest },
      },
    });
  }, 60_000);

  it('push takes a stored bundle by digest prefix, under a tag given', async () => {
    const out = await cli('b', [
      '--json',
      'push',
      pushed.bundleDigest.slice(0, 12),
      `${plain.host}/team/copies:reviewed`,
    ]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.json()).toMatchObject({
      reference: `${plain.host}/team/copies:reviewed`,
      bundleDigest: pushed.bundleDigest,
    });
    const pulled = await cli('c', ['--json', 'pull', `${plain.host}/team/copies:reviewed`]);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.json()).toMatchObject({ imported: true, bundleDigest: pushed.bundleDigest });
  }, 60_000);

  it('a push whose connection drops midway resumes from the registry’s offset; the digest covers every byte once', async () => {
    let patches = 0;
    let statusAsked = 0;
    tamper.current = (req, _res, forward) => {
      if (req.method === 'PATCH' && ++patches === 3) {
        req.socket.destroy(); // the third chunk never arrives
        return true;
      }
      if (req.method === 'GET' && req.url?.includes('/blobs/uploads/')) statusAsked++;
      forward();
      return true;
    };
    try {
      const out = await cli('a', ['--json', 'push', sampleBundle, `${proxy.host}/team/resumed:one`], {
        PROVDESK_REGISTRY_CHUNK_BYTES: '1024',
      });
      expect(out.code, out.stderr).toBe(0);
      expect(out.json()).toMatchObject({ layerDigest: pushed.layerDigest, bundleDigest: pushed.bundleDigest });
      expect(patches).toBeGreaterThan(5); // 5182 bytes in 1 KiB chunks, one sent twice
      expect(statusAsked).toBe(1);
    } finally {
      tamper.current = null;
    }
    const pulled = await cli('d', ['--json', 'pull', `${plain.host}/team/resumed:one`]);
    expect(pulled.json()).toMatchObject({ imported: true, bundleDigest: pushed.bundleDigest });
  }, 60_000);

  it('a pull whose connection drops midway continues with a Range request', async () => {
    let gets = 0;
    let ranged = 0;
    tamper.current = (req, _res, forward) => {
      if (req.method === 'GET' && req.url?.includes(`/blobs/${pushed.layerDigest}`)) {
        gets++;
        if (req.headers.range) ranged++;
        if (gets === 1) {
          forward((up, res) => {
            res.writeHead(200, up.headers);
            let sent = 0;
            up.on('data', (c: Buffer) => {
              if (sent >= 2000) return;
              const part = c.subarray(0, 2000 - sent);
              sent += part.length;
              // The first 2000 bytes arrive, then the connection drops.
              res.write(part, () => sent >= 2000 && res.socket?.destroy());
            });
          });
          return true;
        }
      }
      forward();
      return true;
    };
    try {
      const out = await cli('e', ['--json', 'pull', `${proxy.host}/team/runs:${pushed.bundleDigest.slice(0, 16)}`]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.json()).toMatchObject({ imported: true, bundleDigest: pushed.bundleDigest });
      expect(ranged).toBe(1);
    } finally {
      tamper.current = null;
    }
  }, 60_000);

  async function pullRefused(
    store: string,
    t: Tamper,
    ref = `${proxy.host}/team/runs:${pushed.bundleDigest.slice(0, 16)}`,
  ) {
    tamper.current = t;
    try {
      const out = await cli(store, ['--json', 'pull', ref]);
      expect(await listed(store)).toEqual([]); // nothing half-imported
      const staging = path.join(dir, store, 'staging');
      expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);
      return {
        code: out.code,
        error: (out.json().error ?? {}) as { code: string; problem: string; message: string },
        stderr: out.stderr,
      };
    } finally {
      tamper.current = null;
    }
  }
  const isBlob = (url: string | undefined) => url?.includes('/blobs/sha256:') === true;

  it('a layer with other bytes than its digest is refused (registry-digest-mismatch), nothing imported', async () => {
    const out = await pullRefused('f', (req, _res, forward) => {
      if (req.method !== 'GET' || !isBlob(req.url)) return false;
      forward((up, res) => {
        res.writeHead(200, up.headers);
        up.on('data', (c: Buffer) => res.write(Buffer.alloc(c.length, 0x41)));
        up.on('end', () => res.end());
      });
      return true;
    });
    expect(out.code).toBe(1);
    expect(out.error.problem).toBe('registry-digest-mismatch');
    expect(out.error.message).toContain(pushed.layerDigest);
  }, 60_000);

  it('a layer larger than announced is refused (registry-size-mismatch)', async () => {
    const out = await pullRefused('f', (req, res) => {
      if (req.method !== 'GET' || !isBlob(req.url)) return false;
      res.writeHead(200, { 'content-type': 'application/octet-stream' }); // no length: caught while streaming
      res.end(Buffer.alloc(10_000, 1));
      return true;
    });
    expect(out.code).toBe(1);
    expect(out.error.problem).toBe('registry-size-mismatch');
  }, 60_000);

  it('a registry answering garbage for the manifest is refused (registry-bad-response)', async () => {
    const out = await pullRefused('f', (req, res) => {
      if (!req.url?.includes('/manifests/')) return false;
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      res.end('{"schemaVersion": 2, "layers": "<html>');
      return true;
    });
    expect(out.code).toBe(1);
    expect(out.error.problem).toBe('registry-bad-response');
  }, 60_000);

  it('a manifest over 4 MiB is refused before it is read (registry-too-large)', async () => {
    const out = await pullRefused('f', (req, res) => {
      if (!req.url?.includes('/manifests/')) return false;
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      res.end(Buffer.alloc(5 * 1024 * 1024, 0x20));
      return true;
    });
    expect(out.code).toBe(1);
    expect(out.error.problem).toBe('registry-too-large');
  }, 60_000);

  it('a 401 midway (on the layer) and a 404 each give a clear error and import nothing', async () => {
    const unauthorized = await pullRefused('f', (req, res) => {
      if (!isBlob(req.url)) return false;
      res.writeHead(401, { 'www-authenticate': 'Basic realm="x"' });
      res.end();
      return true;
    });
    expect(unauthorized.code).toBe(3);
    expect(unauthorized.error.problem).toBe('registry-unauthorized');
    expect(unauthorized.error.message).toMatch(/Docker config/);
    const missing = await pullRefused('f', () => false, `${plain.host}/team/runs:no-such-tag`);
    expect(missing.code).toBe(2);
    expect(missing.error.problem).toBe('registry-not-found');
  }, 60_000);

  it('an artifact that is not a bundle is refused (registry-not-a-bundle)', async () => {
    const config = Buffer.from('{}');
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.example.other',
      config: {
        mediaType: 'application/vnd.oci.empty.v1+json',
        digest: `sha256:${createHash('sha256').update(config).digest('hex')}`,
        size: 2,
      },
      layers: [],
    };
    const put = await fetch(`http://${plain.host}/v2/team/runs/manifests/other`, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
      body: JSON.stringify(manifest),
    });
    expect(put.status).toBe(201);
    const out = await pullRefused('f', () => false, `${plain.host}/team/runs:other`);
    expect(out.code).toBe(1);
    expect(out.error.problem).toBe('registry-not-a-bundle');
  }, 60_000);

  it('bad input: a reference without a host or tag, a file that does not verify, a folder', async () => {
    const noHost = await cli('a', ['--json', 'pull', 'runs']);
    expect(noHost.code).toBe(2);
    expect(noHost.json().error).toMatchObject({ problem: 'registry-reference-invalid' });
    const noTag = await cli('a', ['pull', `${plain.host}/team/runs`]);
    expect(noTag.code).toBe(2);
    expect(noTag.stderr).toMatch(/needs a tag or digest/);
    const junk = path.join(dir, 'junk.zip');
    writeFileSync(junk, 'not a zip');
    const refused = await cli('a', ['push', junk, `${plain.host}/team/runs:junk`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/does not verify, so it is not published/);
    expect((await fetch(`http://${plain.host}/v2/team/runs/manifests/junk`)).status).toBe(404);
    // A well-formed zip whose payload was changed: verified while it is sent, so its upload is cancelled, never
    // committed (the blob is not in the registry) and no manifest names it.
    const tampered = path.join(dir, 'tampered.zip');
    await rewriteZip(
      sampleBundle,
      tampered,
      (entries) => entries.set('bundle/data/code/train.py', Buffer.from(`${'#'.repeat(48)}\n`)), // same size: only fixity fails
    );
    const altered = await cli('a', ['--json', 'push', tampered, `${plain.host}/team/runs:tampered`]);
    expect(altered.code).toBe(1);
    expect((altered.json().error as { message: string }).message).toMatch(
      /does not verify, so it is not published: \S+: .*train\.py/,
    );
    const layer = `sha256:${createHash('sha256').update(readFileSync(tampered)).digest('hex')}`;
    expect((await fetch(`http://${plain.host}/v2/team/runs/blobs/${layer}`, { method: 'HEAD' })).status).toBe(404);
    expect((await fetch(`http://${plain.host}/v2/team/runs/manifests/tampered`)).status).toBe(404);
    const folder = await cli('a', ['push', dir, `${plain.host}/team/runs:folder`]);
    expect(folder.code).toBe(2);
  }, 60_000);

  it('Basic auth: credentials from the Docker config (auths); none or wrong ones say so, never echoing a secret', async () => {
    const ref = `${basic.host}/team/runs:signed`;
    const none = await cli('a', ['--json', 'push', sampleBundle, ref]);
    expect(none.code).toBe(3);
    expect(none.json().error).toMatchObject({ problem: 'registry-unauthorized' });
    expect(none.stderr).toMatch(/auths entry for 127\.0\.0\.1:\d+/);
    const wrong = await cli('a', ['--json', 'push', sampleBundle, ref], {
      DOCKER_CONFIG: dockerConfig('wrong', basic.host, 'ravi', 'not-the-pass-9'),
    });
    expect(wrong.code).toBe(3);
    expect(wrong.stdout + wrong.stderr).not.toMatch(/not-the-pass-9|cmF2aTpub3Q/);
    const right = dockerConfig('right', basic.host, 'ravi', 's3cret-pass');
    const ok = await cli('a', ['--json', 'push', sampleBundle, ref], { DOCKER_CONFIG: right });
    expect(ok.code, ok.stderr).toBe(0);
    const pulled = await cli('g', ['--json', 'pull', ref], { DOCKER_CONFIG: right });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.json()).toMatchObject({ imported: true, bundleDigest: pushed.bundleDigest });
    const audit = JSON.stringify(await auditEntries('a'));
    expect(audit).not.toMatch(/s3cret-pass|not-the-pass-9/);
  }, 60_000);

  it('Bearer: the WWW-Authenticate challenge, a token from the realm with the Docker config’s credentials', async () => {
    const tokens: string[] = [];
    tamper.current = (req, res, forward) => {
      if (req.url?.startsWith('/token')) {
        const url = new URL(req.url, 'http://x');
        const ok = req.headers.authorization === `Basic ${Buffer.from('kim:tok-pass').toString('base64')}`;
        tokens.push(`${url.searchParams.get('service')} ${url.searchParams.getAll('scope').join(' ')}`);
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(ok ? JSON.stringify({ token: 'issued-token-123' }) : '{}');
        return true;
      }
      if (req.headers.authorization !== 'Bearer issued-token-123') {
        const repo = /\/v2\/(.+?)\/(blobs|manifests)\//.exec(req.url ?? '')?.[1] ?? 'team/bearer';
        res.writeHead(401, {
          'www-authenticate': `Bearer realm="http://${proxy.host}/token",service="test-registry",scope="repository:${repo}:pull"`,
        });
        res.end();
        return true;
      }
      delete req.headers.authorization;
      forward();
      return true;
    };
    try {
      const config = dockerConfig('bearer', proxy.host, 'kim', 'tok-pass');
      const out = await cli('a', ['--json', 'push', sampleBundle, `${proxy.host}/team/bearer:one`], {
        DOCKER_CONFIG: config,
      });
      expect(out.code, out.stderr).toBe(0);
      expect(tokens[0]).toMatch(/^test-registry .*repository:team\/bearer:pull,push/);
      const pulled = await cli('h', ['--json', 'pull', `${proxy.host}/team/bearer:one`], { DOCKER_CONFIG: config });
      expect(pulled.code, pulled.stderr).toBe(0);
      const refused = await cli('h', ['--json', 'pull', `${proxy.host}/team/bearer:one`], {
        DOCKER_CONFIG: dockerConfig('bearer-wrong', proxy.host, 'kim', 'wrong'),
      });
      expect(refused.code).toBe(3);
      expect(refused.json().error).toMatchObject({ problem: 'registry-unauthorized' });
      expect(refused.stdout).not.toContain('wrong');
    } finally {
      tamper.current = null;
    }
  }, 60_000);
});
