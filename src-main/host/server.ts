import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';
import { err, ok, type Result } from '../common/result';
import type { Dispatch } from '../core/services/dispatch';
import { bearerToken, cookieToken, newToken, tokenMatches } from './token';
import { securityHeaders, serveStatic } from './static-files';
import { parseRequestUrl } from './request-url';

export interface PreviewHostOptions {
  /** Answers a contract call: the core thread's, through routeDispatch (preview.ts). */
  dispatch: Dispatch;
  rendererDir: string;
  uploadDir: string; // where browser uploads are streamed before import
  port?: number;
  token?: string;
  maxRequestBytes?: number;
  maxUploadBytes?: number;
}

export interface PreviewHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * The preview host: the built renderer and the same contract as Electron's IPC, over HTTP on 127.0.0.1
 * only. The per-launch token is checked before anything else, so even an unknown path gets 401 without it.
 */
export async function startPreviewHost(options: PreviewHostOptions): Promise<PreviewHost> {
  const token = options.token ?? newToken();
  const maxRequestBytes = options.maxRequestBytes ?? 1024 * 1024;
  const maxUploadBytes = options.maxUploadBytes ?? 64 * 1024 ** 3;
  mkdirSync(options.uploadDir, { recursive: true, mode: 0o700 });

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendResult(res, 500, err('internal', (error as Error).message));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = parseRequestUrl(req.url);
    const url = parsed?.url ?? null;
    // A malformed URL counts as an API call here: only the Authorization header can vouch for it.
    const isApi = !url || url.pathname.startsWith('/api/') || url.pathname === '/upload';
    // The API takes the token from the Authorization header only (a cookie would be sent cross-site by some
    // browsers' old defaults); pages and assets also accept the cookie set when the page was opened with it.
    const given =
      bearerToken(req.headers.authorization) ??
      (isApi || !url ? null : (cookieToken(req.headers.cookie) ?? url.searchParams.get('token')));
    if (!tokenMatches(token, given))
      return sendResult(res, 401, err('unauthorized', 'missing or wrong preview token: open the URL the host printed'));
    if (!hostHeaderIsLocal(req.headers.host, server))
      return sendResult(res, 403, err('unauthorized', 'the preview host answers only to 127.0.0.1'));
    if (!parsed || !url) return sendResult(res, 400, err('invalid-request', 'malformed URL'));

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendResult(res, 405, err('invalid-request', 'API calls are POST'));
      const body = await readBody(req, maxRequestBytes);
      if (!body.ok) return sendResult(res, 413, body);
      let request: unknown;
      try {
        request = body.value.length ? JSON.parse(body.value) : {};
      } catch {
        return sendResult(res, 400, err('invalid-request', 'the request body is not JSON'));
      }
      const channel = parsed.path.slice('/api/'.length);
      const result = await options.dispatch(channel, request);
      return sendResult(res, !result.ok && result.error.code === 'unknown-channel' ? 404 : 200, result);
    }
    if (url.pathname === '/upload') {
      if (req.method !== 'POST') return sendResult(res, 405, err('invalid-request', 'uploads are POST'));
      return receiveUpload(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendResult(res, 405, err('invalid-request', 'method not allowed'));
    if (url.searchParams.has('token')) {
      res.setHeader('Set-Cookie', `provdesk_token=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    try {
      serveStatic(options.rendererDir, url.pathname, res);
    } catch {
      sendResult(res, 400, err('invalid-request', 'malformed path'));
    }
  }

  async function receiveUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxUploadBytes)
      return sendResult(res, 413, err('refused', `upload larger than ${maxUploadBytes} bytes`));
    const rawName = safeDecode(String(req.headers['x-file-name'] ?? 'bundle.zip'));
    // Only the base name's safe characters survive; the upload lands in our own folder under a fresh id.
    const name =
      path
        .basename(rawName)
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .slice(0, 120) || 'bundle.zip';
    const folder = path.join(options.uploadDir, randomUUID());
    mkdirSync(folder, { mode: 0o700 });
    const file = path.join(folder, name);
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxUploadBytes) req.destroy(new Error(`upload larger than ${maxUploadBytes} bytes`));
    });
    try {
      await pipeline(req, createWriteStream(file, { mode: 0o600 }));
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      return sendResult(res, 400, err('io-error', `upload failed: ${(error as Error).message}`));
    }
    sendResult(res, 200, ok({ path: file }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        rmSync(options.uploadDir, { recursive: true, force: true });
      }),
  };
}

function hostHeaderIsLocal(host: string | undefined, server: Server): boolean {
  const port = (server.address() as AddressInfo | null)?.port;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<Result<string>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return err('invalid-request', `request body larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return ok(Buffer.concat(chunks).toString('utf8'));
}

function sendResult(res: ServerResponse, status: number, result: Result<unknown>): void {
  const body = JSON.stringify(result);
  res.writeHead(status, {
    ...securityHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
