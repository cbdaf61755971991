import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startPreviewHost, type PreviewHost } from '../../../src-main/host/server';
import { dispatch, type Handlers } from '../../../src-main/core/services/dispatch';

// Two channels are enough to exercise the transport; every other channel answers through the same dispatch.
const handlers = {
  'app:info': async () => ({
    version: '9.9.9',
    host: 'preview',
    storeDir: '/s',
    schemaVersion: 2,
    bundles: 0,
    auditEntries: 0,
    recovery: null,
    sampleBundle: null,
  }),
  'bundles:get': async ({ digest }: { digest: string }) => {
    throw Object.assign(new Error(`no bundle ${digest}`), {});
  },
} as unknown as Handlers;

let host: PreviewHost;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'provdesk-host-'));
  const rendererDir = path.join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Provenance Desk</title>');
  writeFileSync(path.join(root, 'secret.txt'), 'outside the renderer');
  host = await startPreviewHost({
    dispatch: (channel, request) => dispatch(handlers, channel, request),
    rendererDir,
    uploadDir: path.join(root, 'uploads'),
  });
});

afterAll(async () => {
  await host.close();
  rmSync(root, { recursive: true, force: true });
});

function request(
  pathname: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path: pathname, method: init.method ?? 'GET', headers: init.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const auth = () => ({ Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' });

describe('preview host (THREATS 20)', () => {
  it('listens on 127.0.0.1 and prints a tokenized URL', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('refuses every request without the token with 401, known channel or not', async () => {
    for (const p of ['/api/app:info', '/api/no-such-channel', '/', '/index.html', '/upload']) {
      const post = p.startsWith('/api') || p === '/upload';
      const res = await request(p, post ? { method: 'POST', body: '{}' } : {});
      expect(res.status, p).toBe(401);
      expect(JSON.parse(res.body).error.code).toBe('unauthorized');
    }
    const wrong = await request('/api/app:info', {
      method: 'POST',
      headers: { Authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
  });

  it('does not accept the token from the query or a cookie for API calls', async () => {
    const res = await request(`/api/app:info?token=${host.token}`, {
      method: 'POST',
      headers: { Cookie: `provdesk_token=${host.token}` },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });

  it('answers contract channels with a Result', async () => {
    const res = await request('/api/app:info', { method: 'POST', headers: auth(), body: '{}' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { version: '9.9.9' } });
  });

  it('rejects requests that fail the schema, and unknown channels with 404', async () => {
    const bad = await request('/api/bundles:get', {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ digest: '../../etc' }),
    });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const extra = await request('/api/app:info', {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ sneaky: 1 }),
    });
    expect(JSON.parse(extra.body).ok).toBe(false);
    const unknown = await request('/api/shell:exec', { method: 'POST', headers: auth(), body: '{}' });
    expect(unknown.status).toBe(404);
    const notJson = await request('/api/app:info', { method: 'POST', headers: auth(), body: '{nope' });
    expect(notJson.status).toBe(400);
  });

  it('turns a thrown handler error into an error Result, not a crash', async () => {
    const res = await request('/api/bundles:get', {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ digest: 'a'.repeat(64) }),
    });
    expect(JSON.parse(res.body)).toMatchObject({
      ok: false,
      error: { code: 'internal', message: `no bundle ${'a'.repeat(64)}` },
    });
  });

  it('answers a malformed URL with 400, not a server error', async () => {
    for (const [method, p] of [
      ['GET', '/api/%E0%A4%A'],
      ['POST', '/api/%E0%A4%A'],
      ['POST', '/api/app%3Ainfo%'],
      ['GET', '/%E0%A4%A'],
      ['GET', '/assets/%C0%AF'],
      ['POST', '/upload%FF'],
      ['GET', '//a:b'], // no URL at all: a bad port
    ] as const) {
      const res = await request(p, { method, headers: auth(), ...(method === 'POST' ? { body: '{}' } : {}) });
      expect(res.status, `${method} ${p}`).toBe(400);
      expect(JSON.parse(res.body).error, `${method} ${p}`).toMatchObject({
        code: 'invalid-request',
        message: expect.stringMatching(/malformed/),
      });
    }
    // Without the token it is still 401 first: nothing about the path is answered to a stranger.
    expect((await request('/api/%E0%A4%A', { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('refuses a request with a foreign Host header (DNS rebinding)', async () => {
    const res = await request('/api/app:info', {
      method: 'POST',
      headers: { ...auth(), Host: 'evil.example' },
      body: '{}',
    });
    expect(res.status).toBe(403);
  });

  it('serves the renderer with a strict CSP and sets the page cookie', async () => {
    const res = await request(`/?token=${host.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('Provenance Desk');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(String(res.headers['set-cookie'])).toContain('HttpOnly; SameSite=Strict');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%E0%A4%A']) {
      const res = await request(p, { headers: { Authorization: `Bearer ${host.token}` } });
      expect(res.status, p).not.toBe(200);
      expect(res.body).not.toContain('outside the renderer');
    }
  });

  it('streams uploads into its own folder under a sanitised name', async () => {
    const res = await request('/upload', {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'x-file-name': encodeURIComponent('../../evil name.zip') },
      body: Buffer.from('PK\u0003\u0004 zip bytes'),
    });
    const result = JSON.parse(res.body);
    expect(result.ok).toBe(true);
    const saved: string = result.value.path;
    expect(path.dirname(path.dirname(saved))).toBe(path.join(root, 'uploads'));
    expect(path.basename(saved)).toBe('evil_name.zip');
    expect(readFileSync(saved, 'utf8')).toContain('zip bytes');
  });
});
