import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookup } from 'node:dns/promises';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isLoopback } from '../../src-main/core/registry/reference';
import { cliPath, sampleBundle } from '../helpers/cli';
import {
  opensslMissing,
  registryMissing,
  runCliAsync,
  startRegistry,
  type TestRegistry,
} from '../helpers/oci-registry';

/**
 * The team registry over HTTPS (issue 15): docker-registry serving TLS only, with a certificate from a CA made by
 * openssl for this test, under this machine's host name (not loopback-looking, so HTTPS is the default: no
 * --plain-http anywhere). With the CA trusted (NODE_EXTRA_CA_CERTS) push, list and pull succeed, Basic credentials
 * included; without it the CLI refuses the certificate with a message naming the host and the problem, exit 3, no
 * stack trace and no credential.
 */

const password = 'tls-only-s3cret';
let dir: string;
let registry: TestRegistry;
let repo: string;
let docker: string;
const at = (n: string) => path.join(dir, n);
const cli = (store: string, args: string[], env: Record<string, string> = {}) =>
  runCliAsync(cliPath, ['--store', at(store), ...args], { DOCKER_CONFIG: docker, NODE_EXTRA_CA_CERTS: '', ...env });

/** This machine's host name and where it resolves, when that is an address of this machine; else why not. */
async function hostName(): Promise<{ name: string; address: string } | string> {
  const name = os.hostname().toLowerCase();
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(name) || isLoopback(name))
    return `the host name "${name}" cannot stand for a remote registry`;
  const found = await lookup(name, { family: 4 }).catch(() => null);
  if (!found) return `the host name "${name}" does not resolve`;
  const local = Object.values(os.networkInterfaces())
    .flat()
    .some((i) => i?.address === found.address);
  if (!local && !found.address.startsWith('127.'))
    return `the host name "${name}" resolves to ${found.address}, not this machine`;
  return { name, address: found.address };
}

const host = await hostName();
const skip = registryMissing ?? opensslMissing ?? (typeof host === 'string' ? host : null);

if (skip) {
  it(`team registry TLS tests skipped: ${skip}`, () => {
    console.warn(`test/cli/registry-tls.test.ts skipped: ${skip}`);
  });
}

describe.skipIf(skip !== null)('the team registry over HTTPS', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-registry-tls-'));
    registry = await startRegistry({
      tls: host as { name: string; address: string },
      basic: { user: 'ravi', password },
    });
    repo = `${registry.host}/team/runs`;
    docker = at('docker');
    mkdirSync(docker);
    writeFileSync(
      path.join(docker, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`ravi:${password}`).toString('base64') } } }),
    );
  }, 60_000);
  afterAll(async () => {
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('with the CA trusted: push, list and pull over HTTPS by default (a host name that is not loopback)', async () => {
    const trusted = { NODE_EXTRA_CA_CERTS: registry.ca! };
    const pushed = await cli('a', ['--json', 'push', sampleBundle, repo], trusted);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.json().reference).toMatch(new RegExp(`^${registry.host}/team/runs:[0-9a-f]{16}$`));
    const listed = await cli('a', ['--json', 'registry', 'list', repo], trusted);
    expect(listed.code, listed.stderr).toBe(0);
    expect((listed.json().bundles as unknown[]).length).toBe(1);
    const pulled = await cli('b', ['--json', 'pull', pushed.json().reference as string], trusted);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.json()).toMatchObject({ imported: true, bundleDigest: pushed.json().bundleDigest });
  }, 120_000);

  it('without it: refused, naming the host and the certificate problem; exit 3, no stack, no credential', async () => {
    for (const args of [
      ['push', sampleBundle, repo],
      ['pull', `${repo}:latest`],
    ]) {
      const out = await cli('c', args);
      expect(out.code).toBe(3);
      expect(out.stderr).toMatch(
        new RegExp(
          `^provdesk: ${registry.host} is not trusted over HTTPS: its certificate .+ \\([A-Z_]+\\); nothing was sent\\. Give the registry's CA file \\(Settings → Registries, or --ca-file for provdesk\\)`,
        ),
      );
      expect(out.stderr).not.toMatch(/\n\s+at |Error:|ravi|tls-only|cmF2a/);
      const json = await cli('c', ['--json', ...args]);
      expect(json.code).toBe(3);
      expect(json.json().error).toMatchObject({
        code: 'io-error',
        problem: 'registry-tls-untrusted',
        host: registry.host,
        tls: expect.stringMatching(/CERT|SIGNATURE/),
      });
      expect(json.stdout + json.stderr).not.toContain(password);
    }
  }, 60_000);

  it('--ca-file trusts a company CA for this registry only: push, list and pull; a file that is no CA is refused', async () => {
    const withCa = ['--ca-file', registry.ca!];
    const pushed = await cli('e', ['--json', 'push', ...withCa, sampleBundle, repo]);
    expect(pushed.code, pushed.stderr).toBe(0);
    const listed = await cli('e', ['--json', 'registry', 'list', ...withCa, repo]);
    expect(listed.code, listed.stderr).toBe(0);
    const pulled = await cli('f', ['--json', 'pull', ...withCa, pushed.json().reference as string]);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.json()).toMatchObject({ bundleDigest: pushed.json().bundleDigest });

    const notPem = at('not-a-ca.pem');
    writeFileSync(notPem, 'this is not a certificate\n');
    for (const [file, words] of [
      [notPem, `the CA file ${notPem} holds no PEM certificate`],
      [at('missing.pem'), `the CA file ${at('missing.pem')} cannot be read (ENOENT)`],
    ] as const) {
      const out = await cli('g', ['--json', 'push', '--ca-file', file, sampleBundle, repo]);
      expect(out.code).toBe(2);
      expect(out.json().error).toMatchObject({
        code: 'invalid-request',
        problem: 'registry-ca-invalid',
        message: words,
      });
      expect(out.stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);

  it('a certificate for another host name is refused even with its CA trusted, naming the problem', async () => {
    const other = await startRegistry({
      tls: { ...(host as { name: string; address: string }), certNames: ['registry.example.org'] },
    });
    try {
      const out = await cli('d', ['--json', 'push', sampleBundle, `${other.host}/team/runs`], {
        NODE_EXTRA_CA_CERTS: other.ca!,
      });
      expect(out.code).toBe(3);
      expect(out.stderr).toContain(
        `provdesk: ${other.host} is not trusted over HTTPS: its certificate is for another host name (ERR_TLS_CERT_ALTNAME_INVALID)`,
      );
      expect(out.json().error).toMatchObject({
        problem: 'registry-tls-untrusted',
        tls: 'ERR_TLS_CERT_ALTNAME_INVALID',
      });
    } finally {
      await other.stop();
    }
  }, 60_000);
});
