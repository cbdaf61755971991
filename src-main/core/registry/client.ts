import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Credentials } from './credentials';
import { registryError, tlsUntrusted } from './errors';
import { header, parseChallenge, readBounded, send, type Body } from './http';
import { isLoopback, type RegistryReference } from './reference';

export interface ClientOptions {
  credentials: Credentials | null;
  plainHttp?: boolean; // plain HTTP to a host that is not loopback: only when asked for
  signal?: AbortSignal;
  /** The certificates trusted for this registry, its token service and its storage redirects (trusted-ca.ts). */
  ca?: string[];
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: Body;
  contentLength?: number;
  /** The token scope this call needs (`repository:team/runs:pull,push`). */
  scope: string;
  /** Follow redirects (blob downloads go to storage's signed URLs): only for GET and HEAD. */
  follow?: boolean;
}

const TOKEN_MAX_BYTES = 1024 * 1024;
const READS = new Set(['GET', 'HEAD']);
const TRANSIENT = new Set([500, 502, 503, 504]);
const TRANSIENT_RETRIES = 3;

const tokenSchema = z
  .object({
    token: z
      .string()
      .min(1)
      .max(64 * 1024)
      .optional(),
    access_token: z
      .string()
      .min(1)
      .max(64 * 1024)
      .optional(),
  })
  .passthrough();

/**
 * An OCI Distribution client for one registry: HTTPS unless the host is loopback or plain HTTP was asked for,
 * HTTP Basic or the Bearer token challenge (tokens cached by scope), redirects followed without the credentials.
 * Credentials go in headers only: never into a message, an error or a log.
 */
export class RegistryClient {
  readonly base: URL;
  private authorization = new Map<string, string>(); // scope -> Authorization header value
  private basicAllowed = false;

  constructor(
    readonly ref: Pick<RegistryReference, 'registry' | 'host'>,
    private readonly options: ClientOptions,
  ) {
    const plain = isLoopback(ref.host) || options.plainHttp === true;
    this.base = new URL(`${plain ? 'http' : 'https'}://${ref.registry}/`);
  }

  url(pathOrUrl: string): URL {
    // Location headers may be relative or absolute; an absolute one must stay on this registry's origin.
    const url = new URL(pathOrUrl, this.base);
    if (url.origin !== this.base.origin)
      throw registryError(
        'registry-bad-response',
        `${this.ref.registry} sent an upload location on another origin (${url.origin}); refused`,
      );
    return url;
  }

  /**
   * One request, answered. A read (GET, HEAD) the registry answers 500, 502, 503 or 504 is asked again up to 3 times,
   * 0.1, 0.2 and 0.4 s apart: Distribution 2.8 answers 500 to a read of a tag another client is writing that moment
   * (two teammates syncing decisions on one bundle). The last answer is the caller's to judge.
   */
  async request(method: string, pathOrUrl: string | URL, options: RequestOptions): Promise<IncomingMessage> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.requestOnce(method, pathOrUrl, options);
      if (!READS.has(method) || !TRANSIENT.has(res.statusCode ?? 0) || attempt >= TRANSIENT_RETRIES) return res;
      res.resume();
      await sleep(100 * 2 ** attempt, undefined, this.options.signal ? { signal: this.options.signal } : {});
    }
  }

  private async requestOnce(
    method: string,
    pathOrUrl: string | URL,
    options: RequestOptions,
  ): Promise<IncomingMessage> {
    const url = typeof pathOrUrl === 'string' ? this.url(pathOrUrl) : pathOrUrl;
    let res = await this.exchange(method, url, options, this.authorization.get(options.scope));
    if (res.statusCode === 401) {
      const challenge = header(res.headers, 'www-authenticate');
      res.resume();
      const auth = await this.answerChallenge(challenge, options.scope);
      res = await this.exchange(method, url, options, auth);
      if (res.statusCode === 401) {
        res.resume();
        throw registryError(
          'registry-unauthorized',
          `${this.ref.registry} refused the credentials for ${scopeText(options.scope)} (401)${this.options.credentials ? '' : `; none are set: add an auths entry for ${this.ref.registry} to your Docker config (docker login / oras login)`}`,
        );
      }
    }
    if (res.statusCode === 403) {
      res.resume();
      throw registryError(
        'registry-unauthorized',
        `${this.ref.registry} does not allow ${scopeText(options.scope)} (403)`,
      );
    }
    return res;
  }

  private async exchange(
    method: string,
    url: URL,
    options: RequestOptions,
    auth: string | undefined,
  ): Promise<IncomingMessage> {
    let target = url;
    let authorization = auth;
    for (let hop = 0; hop < 6; hop++) {
      const headers = { ...(options.headers ?? {}), ...(authorization ? { authorization } : {}) };
      let res: IncomingMessage;
      try {
        res = await send(target, {
          method,
          headers,
          body: options.body ?? null,
          ...(options.contentLength !== undefined ? { contentLength: options.contentLength } : {}),
          ...(this.options.signal ? { signal: this.options.signal } : {}),
          ...(this.options.ca ? { ca: this.options.ca } : {}),
        });
      } catch (e) {
        if (e instanceof Error && e.name === 'AbortError') throw e;
        const tls = tlsUntrusted(target.host, e);
        if (tls) throw tls;
        throw Object.assign(
          registryError(
            'registry-unreachable',
            `${this.ref.registry} could not be reached (${method} ${target.pathname}): ${e instanceof Error ? e.message : String(e)}`,
          ),
          { cause: e },
        );
      }
      const status = res.statusCode ?? 0;
      if (!options.follow || ![301, 302, 303, 307, 308].includes(status)) return res;
      const location = header(res.headers, 'location');
      res.resume();
      if (!location) throw registryError('registry-bad-response', `${this.ref.registry} redirected without a location`);
      const next = new URL(location, target);
      if (next.protocol !== 'https:' && next.protocol !== this.base.protocol)
        throw registryError(
          'registry-insecure',
          `${this.ref.registry} redirected to ${next.protocol}//${next.host}, not HTTPS; refused`,
        );
      // Storage's signed URL carries its own authority: the registry's credentials stay with the registry.
      if (next.origin !== target.origin) authorization = undefined;
      target = next;
    }
    throw registryError('registry-bad-response', `${this.ref.registry} redirected more than 5 times`);
  }

  private async answerChallenge(challenge: string | undefined, scope: string): Promise<string> {
    const parsed = challenge ? parseChallenge(challenge) : null;
    const creds = this.options.credentials;
    if (!parsed)
      throw registryError(
        'registry-unauthorized',
        `${this.ref.registry} asks for authentication (401) without a WWW-Authenticate challenge`,
      );
    if (parsed.scheme === 'basic') {
      if (!creds || creds.kind !== 'basic')
        throw registryError(
          'registry-unauthorized',
          `${this.ref.registry} asks for a user and password (HTTP Basic) and none are set for it: add an auths entry for ${this.ref.registry} to your Docker config (docker login / oras login)`,
        );
      const value = `Basic ${Buffer.from(`${creds.username}:${creds.password}`, 'utf8').toString('base64')}`;
      this.basicAllowed = true;
      this.authorization.set(scope, value);
      return value;
    }
    if (parsed.scheme !== 'bearer' || !parsed.params.realm)
      throw registryError(
        'registry-unauthorized',
        `${this.ref.registry} asks for an authentication scheme this client does not speak (${parsed.scheme})`,
      );
    const token = await this.fetchToken(
      parsed.params.realm,
      parsed.params.service,
      mergeScopes(parsed.params.scope, scope),
    );
    const value = `Bearer ${token}`;
    this.authorization.set(scope, value);
    return value;
  }

  /** The distribution token flow: GET with Basic credentials (or none), or POST a refresh token (identity token). */
  private async fetchToken(realm: string, service: string | undefined, scope: string): Promise<string> {
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw registryError('registry-bad-response', `${this.ref.registry}'s token realm is not a URL`);
    }
    if (
      url.protocol !== 'https:' &&
      !(url.protocol === 'http:' && (isLoopback(url.hostname) || this.options.plainHttp))
    )
      throw registryError(
        'registry-insecure',
        `${this.ref.registry}'s token service (${url.host}) is not HTTPS; credentials are not sent to it`,
      );
    const creds = this.options.credentials;
    let res: IncomingMessage;
    try {
      if (creds?.kind === 'identity-token') {
        const form = new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: creds.token,
          client_id: 'provenance-desk',
          scope,
          ...(service ? { service } : {}),
        });
        res = await send(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: Buffer.from(form.toString()),
          ...(this.options.signal ? { signal: this.options.signal } : {}),
          ...(this.options.ca ? { ca: this.options.ca } : {}),
        });
      } else {
        if (service) url.searchParams.set('service', service);
        for (const s of scope.split(' ').filter(Boolean)) url.searchParams.append('scope', s);
        const headers: Record<string, string> = creds
          ? { authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`, 'utf8').toString('base64')}` }
          : {};
        res = await send(url, {
          method: 'GET',
          headers,
          ...(this.options.signal ? { signal: this.options.signal } : {}),
          ...(this.options.ca ? { ca: this.options.ca } : {}),
        });
      }
    } catch (e) {
      if (e instanceof Error && e.name === 'AbortError') throw e;
      const tls = tlsUntrusted(url.host, e);
      if (tls) throw tls;
      throw registryError(
        'registry-unreachable',
        `${this.ref.registry}'s token service (${url.host}) could not be reached: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const body = await readBounded(res, TOKEN_MAX_BYTES, 'token answer');
    if (res.statusCode === 401 || res.statusCode === 403)
      throw registryError(
        'registry-unauthorized',
        `${this.ref.registry}'s token service refused ${creds ? 'the credentials' : 'an anonymous token'} for ${scopeText(scope)} (${res.statusCode})`,
      );
    if (res.statusCode !== 200)
      throw registryError('registry-bad-response', `${this.ref.registry}'s token service answered ${res.statusCode}`);
    let parsed;
    try {
      parsed = tokenSchema.parse(JSON.parse(body.toString('utf8')));
    } catch {
      throw registryError(
        'registry-bad-response',
        `${this.ref.registry}'s token service answered something that is not a token`,
      );
    }
    const token = parsed.token ?? parsed.access_token;
    if (!token || !/^[\x21-\x7e]+$/.test(token))
      throw registryError(
        'registry-bad-response',
        `${this.ref.registry}'s token service answered without a usable token`,
      );
    return token;
  }

  /** Whether Basic credentials went out (only after the registry asked for them). */
  get usedBasic(): boolean {
    return this.basicAllowed;
  }
}

function mergeScopes(fromChallenge: string | undefined, ours: string): string {
  return [...new Set([...(fromChallenge ?? '').split(' '), ...ours.split(' ')].filter(Boolean))].join(' ');
}

function scopeText(scope: string): string {
  const m = /^repository:([^:]+):(.+)$/.exec(scope);
  return m ? `${m[2]!.includes('push') ? 'pushing to' : 'pulling from'} ${m[1]}` : scope;
}

/** A failed HTTP answer as an error naming the registry and what it said (its JSON errors' codes, bounded). */
export async function unexpected(res: IncomingMessage, registry: string, what: string): Promise<Error> {
  const status = res.statusCode ?? 0;
  let said = '';
  try {
    const body = await readBounded(res, 64 * 1024, 'error answer');
    const parsed = z
      .object({
        errors: z
          .array(z.object({ code: z.string().max(100), message: z.string().max(300).optional() }).passthrough())
          .max(20),
      })
      .safeParse(JSON.parse(body.toString('utf8')));
    if (parsed.success)
      said = `: ${parsed.data.errors
        .map((e) => `${e.code}${e.message ? ` (${e.message})` : ''}`)
        .join('; ')
        .replace(/[^\x20-\x7e]/g, '?')}`;
  } catch {
    // Not JSON: the status says enough.
  }
  if (status === 404) return registryError('registry-not-found', `${registry}: ${what}: not found (404)${said}`);
  return registryError('registry-bad-response', `${registry}: ${what} failed with HTTP ${status}${said}`, { status });
}
