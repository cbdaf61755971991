// Does the app answer while the core works? (issue 14) app:info and bundles:list, asked one after another every
// 10 ms, while a 1 GiB bundle is imported and the 100,000-entry audit log is verified again and again (a pause of
// 500 ms between checks) until the import ends, or for at most 3 minutes (then the import is cancelled and the table
// says how far it got). Targets, each on a fresh copy of the same seeded store:
// - baseline "core on the host's thread": the preview host as it was (createAppContext + dispatch in the thread
//   that serves HTTP), driven over HTTP;
// - "preview host": dist/node/preview.mjs (the core in a worker thread), driven over HTTP;
// - "core process harness": dist/node/core.worker.mjs forked with a parentPort as Electron's utilityProcess runs it,
//   driven through CoreClient as Electron's main process drives it.
// Needs `npm run build`. Data is built once under bench/.data/core-responsive (git-ignored).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';
import { appendAudit } from '../src-main/core/audit/audit-log';
import { createAppContext } from '../src-main/core/services/app-context';
import { CoreClient } from '../src-main/core/services/core-client';
import { dispatch } from '../src-main/core/services/dispatch';
import { importBundle } from '../src-main/core/services/import-bundle';
import { openStore } from '../src-main/core/store/store';
import { startPreviewHost } from '../src-main/host/server';
import { forkedCoreProcess } from '../test/helpers/core-process-harness';

type Result = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };
type Call = (channel: string, request: unknown) => Promise<Result>;
interface Target {
  call: Call;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
const ENTRIES = 100_000;
const PROBE_GAP_MS = 10;
const IDLE_PROBES = 300;
const VERIFY_PAUSE_MS = 500;
const MAX_LOADED_MS = 180_000;
const root = path.resolve('.');
const DATA = path.join(root, 'bench', '.data', 'core-responsive');
const self = fileURLToPath(import.meta.url);
const sample = path.join(root, 'assets', 'samples', 'iris-logreg.bundle.zip');

/** CSV-like rows from a fast PRNG: compresses about 2-3x, like real tables (as bench/verify). */
function csvChunk(seed: number, bytes: number): Buffer {
  let x = seed | 1;
  const rnd = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 4294967296);
  const parts: string[] = [];
  let len = 0;
  let row = 0;
  while (len < bytes) {
    const line = `${seed * 1_000_000 + row++},${rnd().toFixed(6)},${(rnd() * 200 - 100).toFixed(4)},${(rnd() * 10).toFixed(3)},class_${Math.floor(rnd() * 12)}\n`;
    parts.push(line);
    len += line.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

/** A 1 GiB zipped bag: 16 CSV files of 64 MiB, deflated (level 6). */
async function gibZip(): Promise<string> {
  const file = path.join(DATA, 'csv-1GiB.bundle.zip');
  if (existsSync(file)) return file;
  const zip = new yazl.ZipFile();
  const lines: string[] = [];
  const done = new Promise<void>((resolve, reject) =>
    zip.outputStream
      .pipe(createWriteStream(`${file}.part`))
      .on('close', resolve)
      .on('error', reject),
  );
  for (let i = 0; i < 16; i++) {
    const rel = `data/table-${String(i).padStart(3, '0')}.csv`;
    const buf = csvChunk(i + 1, 64 * MiB);
    lines.push(`${createHash('sha256').update(buf).digest('hex')}  ${rel}\n`);
    zip.addBuffer(buf, `bundle/${rel}`, { compressionLevel: 6 });
  }
  zip.addBuffer(Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n'), 'bundle/bagit.txt');
  zip.addBuffer(Buffer.from(`Payload-Oxum: ${16 * 64 * MiB}.16\n`), 'bundle/bag-info.txt');
  zip.addBuffer(Buffer.from(lines.join('')), 'bundle/manifest-sha256.txt');
  zip.end();
  await done;
  renameSync(`${file}.part`, file);
  return file;
}

/** A store with 100,000 audit entries (about 350 bytes of details each) and the sample bundle. */
async function seededStore(): Promise<string> {
  const dir = path.join(DATA, 'store-100k');
  if (existsSync(path.join(dir, 'ready'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  const store = await openStore(dir);
  await importBundle(store, sample, { actor: 'bench' });
  const note = 'model data bundle replay metric license approval checksum crate payload tensor weights run '
    .repeat(3)
    .trim();
  for (let b = 0; b < ENTRIES / 1000; b++) {
    store.transaction((tx) => {
      for (let i = b * 1000; i < (b + 1) * 1000; i++)
        appendAudit(tx, {
          actor: `user-${i % 17}`,
          action: 'bundle.approved',
          subject: `bundle-${i}`,
          details: { index: i, note },
        });
    });
  }
  store.close();
  cpSync(sample, path.join(dir, 'ready'));
  return dir;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
function httpCall(url: string): Call {
  const { port, searchParams } = new URL(url);
  const token = searchParams.get('token')!;
  return (channel, request) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(request);
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: `/api/${channel}`,
          method: 'POST',
          agent,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Result));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}

async function hostTarget(args: string[]): Promise<Target> {
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const m = /^Preview: (\S+)$/.exec(line.trim());
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}`)));
  });
  return {
    call: httpCall(url),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function harnessTarget(storeDir: string): Promise<Target> {
  const core = await CoreClient.start({
    spawn: () => forkedCoreProcess(),
    init: { storeDir, host: 'electron', keyProtection: { kind: 'scrypt', reason: 'bench' } },
  });
  return {
    call: (channel, request) => core.call(channel as never, request) as Promise<Result>,
    close: () => core.close(),
  };
}

/** The old design, for the baseline: the core on the thread that serves HTTP (run as `--inline-host STORE`). */
async function inlineHost(storeDir: string): Promise<void> {
  const context = await createAppContext({ storeDir, host: 'preview' });
  const host = await startPreviewHost({
    dispatch: (c, r) => dispatch(context.handlers, c, r),
    rendererDir: path.join(root, 'dist', 'renderer'),
    uploadDir: path.join(storeDir, 'uploads'),
  });
  process.stdout.write(`Preview: ${host.url}\n`);
  process.on(
    'SIGTERM',
    () =>
      void host
        .close()
        .then(() => context.close())
        .then(() => process.exit(0)),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;
const f = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));

async function probe(call: Call, i: number): Promise<number> {
  const t0 = performance.now();
  const r = i % 2 === 0 ? await call('app:info', {}) : await call('bundles:list', { limit: 50 });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return performance.now() - t0;
}

interface Run {
  idle: number[];
  loaded: number[];
  importMs: number | null; // null: cancelled after MAX_LOADED_MS
  importedBytes: number;
  verifies: number[];
}

async function measure(target: Target, zip: string): Promise<Run> {
  const idle: number[] = [];
  for (let i = 0; i < IDLE_PROBES; i++) {
    idle.push(await probe(target.call, i));
    await sleep(PROBE_GAP_MS);
  }
  const t0 = performance.now();
  const started = await target.call('import:start', { source: { kind: 'path', path: zip } });
  if (!started.ok) throw new Error(JSON.stringify(started.error));
  const jobId = started.value['jobId'] as string;
  let running = true;
  let importMs: number | null = null;
  let importedBytes = 0;
  const poll = (async () => {
    while (running) {
      await sleep(250);
      const s = await target.call('import:status', { jobId });
      if (!s.ok) throw new Error(JSON.stringify(s.error));
      importedBytes = (s.value['progress'] as { bytesDone: number }).bytesDone;
      if (s.value['state'] === 'running' && performance.now() - t0 > MAX_LOADED_MS) {
        await target.call('import:cancel', { jobId });
        running = false;
      } else if (s.value['state'] !== 'running') {
        if (s.value['state'] !== 'done')
          throw new Error(`import ${String(s.value['state'])}: ${JSON.stringify(s.value['error'])}`);
        importMs = performance.now() - t0;
        running = false;
      }
    }
  })();
  const verifies: number[] = [];
  const verify = (async () => {
    while (running) {
      const v0 = performance.now();
      const r = await target.call('audit:verify', {});
      if (!r.ok || r.value['valid'] !== true) throw new Error(`audit:verify: ${JSON.stringify(r)}`.slice(0, 300));
      verifies.push(performance.now() - v0);
      await sleep(VERIFY_PAUSE_MS);
    }
  })();
  const loaded: number[] = [];
  for (let i = 0; running; i++) {
    loaded.push(await probe(target.call, i));
    await sleep(PROBE_GAP_MS);
  }
  await Promise.all([poll, verify]);
  return { idle, loaded, importMs, importedBytes, verifies };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--inline-host') return inlineHost(process.argv[3]!);
  if (!existsSync(path.join(root, 'dist', 'node', 'core.worker.mjs'))) throw new Error('run `npm run build` first');
  mkdirSync(DATA, { recursive: true });
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  console.log(
    `machine: ${cpu} x${os.cpus().length} (nproc ${os.availableParallelism()}), node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${new Date().toISOString()}`,
  );
  console.log('building data (cached after the first run)…');
  const zip = await gibZip();
  const seeded = await seededStore();
  const work = mkdtempSync(path.join(os.tmpdir(), 'pd-bench-responsive-'));
  const targets: [string, (store: string) => Promise<Target>][] = [
    [
      'preview host: core in a worker thread (HTTP)',
      (s) => hostTarget([path.join(root, 'dist', 'node', 'preview.mjs'), '--port', '0', '--store', s]),
    ],
    ['core process harness (CoreClient → forked core.worker.mjs)', (s) => harnessTarget(s)],
    ["baseline: core on the host's thread (HTTP)", (s) => hostTarget([self, '--inline-host', s])],
  ];
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  if (only.length)
    targets.splice(0, targets.length, ...targets.filter(([name]) => only.some((o) => name.startsWith(o))));
  const rows: string[] = [];
  try {
    for (const [name, start] of targets) {
      const store = path.join(work, name.replace(/[^a-z]+/gi, '-'));
      cpSync(seeded, store, { recursive: true });
      const target = await start(store);
      try {
        const run = await measure(target, zip);
        const line = `| ${name} | ${f(pct(run.idle, 50))} / ${f(pct(run.idle, 99))} | ${run.loaded.length} | ${f(pct(run.loaded, 50))} | ${f(pct(run.loaded, 95))} | ${f(pct(run.loaded, 99))} | ${f(Math.max(...run.loaded))} | ${run.importMs === null ? `cancelled after ${MAX_LOADED_MS / 1000} s at ${(run.importedBytes / 2 ** 30).toFixed(2)} GiB` : `${(run.importMs / 1000).toFixed(1)} s`} | ${run.verifies.length} × ${f(pct(run.verifies, 50))} ms |`;
        console.log(line);
        rows.push(line);
      } finally {
        await target.close();
        rmSync(store, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    agent.destroy();
  }
  console.log(
    `\nload at end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    '\n| target | idle p50 / p99 ms | probes under load | p50 ms | p95 ms | p99 ms | max ms | 1 GiB import | audit:verify (100k) runs × median |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
