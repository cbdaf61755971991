import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { registryError } from './errors';

export type Body = Buffer | (() => Readable) | null;

export interface SendOptions {
  method: string;
  headers?: Record<string, string>;
  body?: Body;
  contentLength?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** The certificates trusted for this registry (the system's roots and a team CA); the default trust when absent. */
  ca?: string[];
}

/** One HTTP exchange; the response body is left to stream (read it, or `res.resume()` it). */
export function send(url: URL, options: SendOptions): Promise<IncomingMessage> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'user-agent': 'provenance-desk', ...(options.headers ?? {}) };
    if (Buffer.isBuffer(options.body)) headers['content-length'] = String(options.body.length);
    else if (options.contentLength !== undefined) headers['content-length'] = String(options.contentLength);
    else if (options.body === null || options.body === undefined) {
      if (options.method !== 'GET' && options.method !== 'HEAD') headers['content-length'] = '0';
    }
    const req = lib.request(url, {
      method: options.method,
      headers,
      signal: options.signal,
      ...(options.ca && url.protocol === 'https:' ? { ca: options.ca } : {}),
    });
    // An idle socket is a dropped connection: it fails here and the caller's retry resumes.
    req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error('no answer for 60 s')));
    req.on('response', (res) => {
      res.setTimeout(options.timeoutMs ?? 60_000, () => res.destroy(new Error('the answer stalled for 60 s')));
      resolve(res);
    });
    req.on('error', (e) => reject(e));
    const body = options.body;
    if (Buffer.isBuffer(body)) req.end(body);
    else if (typeof body === 'function') {
      const stream = body();
      stream.on('error', (e) => req.destroy(e));
      stream.pipe(req);
    } else req.end();
  });
}

/** The whole body, refused past `max` bytes (a registry's answer is hostile until checked). */
export async function readBounded(res: IncomingMessage, max: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    res.destroy();
    throw registryError(
      'registry-too-large',
      `the registry's ${what} announces ${declared} bytes, more than the ${max} allowed`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      res.destroy();
      throw registryError('registry-too-large', `the registry's ${what} is larger than the ${max} bytes allowed`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Errors from the socket (reset, closed, timed out) are worth a retry; an HTTP answer is not. */
export function isNetworkError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if ((e as { name?: string }).name === 'AbortError') return false;
  const code = (e as NodeJS.ErrnoException).code;
  return (
    code === 'ECONNRESET' ||
    code === 'ECONNREFUSED' ||
    code === 'EPIPE' ||
    code === 'ETIMEDOUT' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    /socket hang up|aborted|stalled|no answer|premature close/i.test(e.message)
  );
}

/** `Bearer realm="…",service="…",scope="…"` / `Basic realm="…"` (RFC 7235 auth-params, quoted or not). */
export function parseChallenge(value: string): { scheme: string; params: Record<string, string> } | null {
  const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(value);
  if (!m) return null;
  const params: Record<string, string> = {};
  const re = /([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?\s*/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2]!)) !== null) {
    if (p[0].length === 0) break;
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  }
  return { scheme: m[1]!.toLowerCase(), params };
}
