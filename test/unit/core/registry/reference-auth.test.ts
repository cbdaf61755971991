import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatReference, isLoopback, parseReference } from '../../../../src-main/core/registry/reference';
import { parseChallenge } from '../../../../src-main/core/registry/http';
import { credentialsFor } from '../../../../src-main/core/registry/credentials';
import { RegistryClient } from '../../../../src-main/core/registry/client';

describe('registry references', () => {
  it('parses host[:port]/repository[:tag][@digest] as the distribution spec names them', () => {
    expect(parseReference('Registry.Example.org/team/runs:v1')).toEqual({
      registry: 'registry.example.org',
      host: 'registry.example.org',
      repository: 'team/runs',
      tag: 'v1',
      digest: null,
    });
    expect(parseReference('127.0.0.1:5000/a/b-c_d.e')).toMatchObject({
      registry: '127.0.0.1:5000',
      host: '127.0.0.1',
      repository: 'a/b-c_d.e',
      tag: null,
    });
    const d = `sha256:${'a'.repeat(64)}`;
    expect(parseReference(`ghcr.io/org/x@${d}`)).toMatchObject({ digest: d, tag: null });
    expect(formatReference(parseReference('localhost:5000/t/r:tag'))).toBe('localhost:5000/t/r:tag');
  });

  it('refuses what is not a reference, naming why', () => {
    expect(() => parseReference('runs')).toThrow(/names no registry host/);
    expect(() => parseReference('host/Team/Runs')).toThrow(/not a repository name/);
    expect(() => parseReference('host/team/runs:-bad')).toThrow(/not a tag/);
    expect(() => parseReference('host/team/runs@sha256:xyz')).toThrow(/not a sha256 digest/);
    expect(() => parseReference('host:99999/team/runs')).toThrow(/out of range/);
    expect(() => parseReference('ho st/team')).toThrow(/not a host/);
    expect(() => parseReference('host/team:tag', { requireRepositoryOnly: true })).toThrow(/repository only/);
  });

  it('TLS unless the host is loopback or plain HTTP was asked for', () => {
    expect(isLoopback('127.0.0.1') && isLoopback('localhost') && isLoopback('[::1]')).toBe(true);
    expect(isLoopback('10.0.0.1') || isLoopback('registry.example.org')).toBe(false);
    expect(new RegistryClient(parseReference('registry.example.org/a'), { credentials: null }).base.protocol).toBe(
      'https:',
    );
    expect(
      new RegistryClient(parseReference('registry.example.org/a'), { credentials: null, plainHttp: true }).base
        .protocol,
    ).toBe('http:');
    expect(new RegistryClient(parseReference('127.0.0.1:5000/a'), { credentials: null }).base.protocol).toBe('http:');
  });

  it('a Location on another origin is refused', () => {
    const client = new RegistryClient(parseReference('127.0.0.1:5000/a'), { credentials: null });
    expect(client.url('/v2/a/blobs/uploads/x?_state=1').href).toBe(
      'http://127.0.0.1:5000/v2/a/blobs/uploads/x?_state=1',
    );
    expect(() => client.url('http://evil.example/v2/')).toThrow(/another origin/);
  });
});

describe('WWW-Authenticate challenges', () => {
  it('reads Bearer and Basic challenges, quoted or not, with commas inside quotes', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull,push' },
    });
    expect(parseChallenge('Basic realm=x')).toEqual({ scheme: 'basic', params: { realm: 'x' } });
  });
});

describe('credentials from the Docker config', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-docker-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = (name: string, json: unknown) => {
    const folder = path.join(dir, name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'config.json'), typeof json === 'string' ? json : JSON.stringify(json));
    return { DOCKER_CONFIG: folder, PATH: process.env.PATH ?? '' };
  };

  it('auths by host, with or without a scheme; identity tokens; nothing for another host or no file', async () => {
    const env = config('auths', {
      auths: {
        'https://reg.example:5000/v1/': { auth: Buffer.from('ravi:pa:ss').toString('base64') },
        'other.example': { identitytoken: 'refresh-1' },
      },
    });
    expect(await credentialsFor('reg.example:5000', env)).toEqual({
      kind: 'basic',
      username: 'ravi',
      password: 'pa:ss',
    });
    expect(await credentialsFor('other.example', env)).toEqual({ kind: 'identity-token', token: 'refresh-1' });
    expect(await credentialsFor('nobody.example', env)).toBeNull();
    expect(await credentialsFor('reg.example:5000', { DOCKER_CONFIG: path.join(dir, 'absent') })).toBeNull();
  });

  it('a config that is not JSON or not Docker’s shape is named, without its contents', async () => {
    await expect(credentialsFor('x', config('bad', '{"auths": {"x": {"auth": "secret-in-file"'))).rejects.toThrow(
      /cannot be read as a Docker config: not JSON/,
    );
    await expect(credentialsFor('x', config('shape', { auths: { x: { auth: 42 } } }))).rejects.toThrow(
      /not as Docker writes them/,
    );
    await expect(
      credentialsFor('x', config('nocolon', { auths: { x: { auth: Buffer.from('nocolon').toString('base64') } } })),
    ).rejects.toThrow(/not base64 of user:password/);
  });

  it('a credential helper (credHelpers, then credsStore) is asked first, as docker does', async () => {
    const bin = path.join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const helper = path.join(bin, 'docker-credential-testhelper');
    writeFileSync(
      helper,
      '#!/bin/sh\nread host\nif [ "$host" = "helped.example" ]; then echo \'{"ServerURL":"helped.example","Username":"kim","Secret":"from-helper"}\'; else echo "credentials not found" >&2; exit 1; fi\n',
    );
    chmodSync(helper, 0o755);
    const env = {
      ...config('helper', {
        credHelpers: { 'helped.example': 'testhelper' },
        auths: { 'plain.example': { auth: Buffer.from('a:b').toString('base64') } },
      }),
      PATH: `${bin}:${process.env.PATH ?? ''}`,
    };
    expect(await credentialsFor('helped.example', env)).toEqual({
      kind: 'basic',
      username: 'kim',
      password: 'from-helper',
    });
    expect(await credentialsFor('plain.example', env)).toEqual({ kind: 'basic', username: 'a', password: 'b' });
    const store = {
      ...config('store', {
        credsStore: 'testhelper',
        auths: { 'fallback.example': { auth: Buffer.from('c:d').toString('base64') } },
      }),
      PATH: env.PATH,
    };
    expect(await credentialsFor('helped.example', store)).toMatchObject({ username: 'kim' });
    // the helper knows nothing: auths
    expect(await credentialsFor('fallback.example', store)).toMatchObject({ username: 'c' });
  });
});
