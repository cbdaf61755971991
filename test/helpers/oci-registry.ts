import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The CNCF Distribution registry Debian packages (`apt-get install docker-registry`; .ci/run installs it). */
export const registryBinary = process.env.DOCKER_REGISTRY_BIN ?? '/usr/bin/docker-registry';
export const registryMissing = existsSync(registryBinary)
  ? null
  : `${registryBinary} is not installed (apt-get install docker-registry; .ci/run installs it)`;

export interface TestRegistry {
  host: string; // 127.0.0.1:PORT (with tls: NAME:PORT)
  storage: string;
  /** With tls: the test CA's certificate (PEM file) that signed the registry's. */
  ca?: string;
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

/** Where openssl is (Debian's `openssl`; .ci/run installs it); null when it is not there. */
export const opensslMissing =
  spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0
    ? null
    : 'openssl is not installed (apt-get install openssl; .ci/run installs it)';

/**
 * A throwaway CA and a server certificate it signs for `names` (host names and IP addresses), made with openssl:
 * the CA (CA:true, keyCertSign) and the server's (serverAuth, subjectAltName) as a real deployment has them.
 */
export function makeTestCertificates(dir: string, names: string[]): { ca: string; cert: string; key: string } {
  const run = (args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  };
  const san = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  writeFileSync(
    path.join(dir, 'ca.cnf'),
    '[req]\ndistinguished_name=dn\nx509_extensions=ca\n[dn]\n[ca]\nbasicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n',
  );
  writeFileSync(
    path.join(dir, 'server.ext'),
    `basicConstraints=CA:false\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\nauthorityKeyIdentifier=keyid\n`,
  );
  // EC P-256 keys: quick to make, as registries' certificates often are.
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  run([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=provdesk test CA',
    '-config',
    'ca.cnf',
  ]);
  run(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${names[0]}`, '-config', 'ca.cnf']);
  run([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  ]);
  return { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server.key') };
}

/**
 * A registry with its own storage and config, on 127.0.0.1; `basic` adds htpasswd (bcrypt) Basic auth. `tls` serves
 * HTTPS only, with a certificate from a test CA for `name` (a host name that is not loopback-looking and resolves to
 * `address`, where the registry listens).
 */
export async function startRegistry(
  options: {
    basic?: { user: string; password: string };
    /** `certNames`: the names the certificate is for, when not `name` (a certificate for another host). */
    tls?: { name: string; address: string; certNames?: string[] };
  } = {},
): Promise<TestRegistry> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-registry-'));
  const storage = path.join(dir, 'storage');
  const port = await freePort();
  const listen = options.tls?.address ?? '127.0.0.1';
  const certs = options.tls
    ? makeTestCertificates(
        dir,
        options.tls.certNames ?? [options.tls.name, 'localhost', options.tls.address, '127.0.0.1'],
      )
    : null;
  const tls = certs ? `  tls:\n    certificate: ${certs.cert}\n    key: ${certs.key}\n` : '';
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
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${storage}\n  delete:\n    enabled: true\nhttp:\n  addr: ${listen}:${port}\n  secret: provdesk-test-secret\n${tls}${auth}`,
  );
  const child: ChildProcess = spawn(registryBinary, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 16_384) stderr += d.toString();
  });
  const host = `${options.tls?.name ?? '127.0.0.1'}:${port}`;
  const ready = certs
    ? () =>
        new Promise<number>((resolve, reject) => {
          const req = https.get(
            {
              host: listen,
              port,
              path: '/v2/',
              ca: readFileSync(certs.ca),
              servername: options.tls!.certNames?.[0] ?? options.tls!.name,
            },
            (res) => (res.resume(), resolve(res.statusCode ?? 0)),
          );
          req.on('error', reject);
        })
    : async () => (await fetch(`http://${host}/v2/`)).status;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr}`);
    try {
      const status = await ready();
      if (status === 200 || status === 401) break;
    } catch {
      // not listening yet
    }
    if (i > 200) throw new Error(`docker-registry did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host,
    storage,
    ...(certs ? { ca: certs.ca } : {}),
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
