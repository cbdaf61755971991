import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { registryError } from './errors';

/** What the Docker/ORAS config holds for a registry: a user and password, or an OAuth2 refresh (identity) token. */
export type Credentials =
  { kind: 'basic'; username: string; password: string } | { kind: 'identity-token'; token: string };

const configSchema = z
  .object({
    auths: z
      .record(
        z.string(),
        z
          .object({
            auth: z.string().optional(),
            username: z.string().optional(),
            password: z.string().optional(),
            identitytoken: z.string().optional(),
          })
          .passthrough(),
      )
      .optional(),
    credHelpers: z.record(z.string(), z.string()).optional(),
    credsStore: z.string().optional(),
  })
  .passthrough();

const MAX_CONFIG_BYTES = 1024 * 1024;
const HELPER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json` (what docker, oras, crane and skopeo read). */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'), 'config.json');
}

// "https://host/v1/", "http://host", "host" all name the same registry in `auths`.
function normalizeKey(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
}

function configFile(env: NodeJS.ProcessEnv): z.infer<typeof configSchema> | null {
  const file = dockerConfigPath(env);
  if (!existsSync(file)) return null;
  const bad = (why: string) =>
    registryError('registry-credentials-invalid', `${file} cannot be read as a Docker config: ${why}`);
  if (statSync(file).size > MAX_CONFIG_BYTES) throw bad('larger than 1 MiB');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw bad('not JSON');
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) throw bad('its auths, credHelpers or credsStore are not as Docker writes them');
  return parsed.data;
}

/** The credentials for `registry` (host[:port]): a credential helper first (as docker does), then `auths`. */
export async function credentialsFor(
  registry: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials | null> {
  const config = configFile(env);
  if (!config) return null;
  const helper = config.credHelpers?.[registry] ?? config.credsStore;
  if (helper) {
    const fromHelper = await askHelper(helper, registry, env);
    if (fromHelper) return fromHelper;
  }
  const entry = Object.entries(config.auths ?? {}).find(([key]) => normalizeKey(key) === registry.toLowerCase())?.[1];
  if (!entry) return null;
  if (entry.identitytoken) return { kind: 'identity-token', token: entry.identitytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0)
      throw registryError(
        'registry-credentials-invalid',
        `the auths entry for ${registry} in ${dockerConfigPath(env)} is not base64 of user:password`,
      );
    return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { kind: 'basic', username: entry.username, password: entry.password };
  return null;
}

/** `docker-credential-<helper> get`, the registry on stdin; a helper that is absent or knows nothing gives null. */
function askHelper(helper: string, registry: string, env: NodeJS.ProcessEnv): Promise<Credentials | null> {
  if (!HELPER.test(helper)) return Promise.resolve(null);
  return new Promise((resolve) => {
    let out = '';
    let child;
    try {
      child = spawn(`docker-credential-${helper}`, ['get'], {
        env,
        stdio: ['pipe', 'pipe', 'ignore'],
        timeout: 30_000,
      });
    } catch {
      resolve(null);
      return;
    }
    child.on('error', () => resolve(null));
    child.stdout.on('data', (d: Buffer) => {
      if (out.length < 64 * 1024) out += d.toString('utf8');
    });
    child.on('close', (code) => {
      if (code !== 0) return resolve(null);
      try {
        const parsed = z.object({ Username: z.string(), Secret: z.string() }).parse(JSON.parse(out));
        resolve(
          parsed.Username === '<token>'
            ? { kind: 'identity-token', token: parsed.Secret }
            : { kind: 'basic', username: parsed.Username, password: parsed.Secret },
        );
      } catch {
        resolve(null);
      }
    });
    child.stdin.end(registry);
  });
}
