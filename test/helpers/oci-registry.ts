import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The CNCF Distribution registry Debian packages (`apt-get install docker-registry`; .ci/run installs it). */
export const registryBinary = process.env.DOCKER_REGISTRY_BIN ?? '/usr/bin/docker-registry';
export const registryMissing = existsSync(registryBinary)
  ? null
  : `${registryBinary} is not installed (apt-get install docker-registry; .ci/run installs it)`;

export interface TestRegistry {
  host: string; // 127.0.0.1:PORT
  storage: string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A registry on 127.0.0.1 with its own storage and config; `basic` adds htpasswd (bcrypt) Basic auth. */
export async function startRegistry(
  options: { basic?: { user: string; password: string } } = {},
): Promise<TestRegistry> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-registry-'));
  const storage = path.join(dir, 'storage');
  const port = await freePort();
  let auth = '';
  if (options.basic) {
    const made = spawnSync('htpasswd', ['-Bbn', options.basic.user, options.basic.password], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`htpasswd failed: ${made.stderr}`);
    writeFileSync(path.join(dir, 'htpasswd'), made.stdout);
    auth = `auth:\n  htpasswd:\n    realm: provdesk-test\n    path: ${path.join(dir, 'htpasswd')}\n`;
  }
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${storage}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n  secret: provdesk-test-secret\n${auth}`,
  );
  const child: ChildProcess = spawn(registryBinary, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 16_384) stderr += d.toString();
  });
  const host = `127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr}`);
    try {
      const res = await fetch(`http://${host}/v2/`);
      if (res.status === 200 || res.status === 401) break;
    } catch {
      // not listening yet
    }
    if (i > 200) throw new Error(`docker-registry did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host,
    storage,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The built CLI without blocking the event loop (a proxy in the test process must keep answering). */
export function runCliAsync(
  cli: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string; json: () => Record<string, unknown> }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) =>
      resolve({ code: code ?? -1, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> }),
    );
  });
}

export type Tamper = (
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
  forward: (
    onResponse?: (upstream: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void,
  ) => void,
) => boolean;

/**
 * A proxy in front of a registry that can tamper with any exchange (a hostile or flaky registry): `tamper` returns
 * true when it answered itself; `forward` passes the request on, optionally rewriting the answer.
 */
export async function startProxy(
  upstream: string,
  tamper: { current: Tamper | null },
): Promise<{ host: string; stop: () => Promise<void> }> {
  const http = await import('node:http');
  const server = http.createServer((req, res) => {
    const forward = (
      onResponse?: (up: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void,
    ) => {
      const headers = { ...req.headers, host: upstream };
      const up = http.request(`http://${upstream}${req.url}`, { method: req.method, headers }, (upRes) => {
        if (onResponse) return onResponse(upRes, res);
        const h = { ...upRes.headers };
        // Locations point at the upstream: rewrite them to the proxy.
        if (typeof h.location === 'string')
          h.location = h.location.replace(`http://${upstream}`, `http://${req.headers.host}`);
        res.writeHead(upRes.statusCode ?? 502, h);
        upRes.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
    if (tamper.current && tamper.current(req, res, forward)) return;
    forward();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    stop: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
