import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { channels } from '../../../src-main/common/contract';
import { contentSecurityPolicy } from '../../../src-main/common/csp';

// Issue 14: the built Electron shell boots here, where no Electron binary can be had: dist/node/electron-main.mjs runs
// under Node with a stand-in `electron` module (test/helpers/electron-stand-in, swapped in by a module resolve hook)
// whose utilityProcess really forks, so the real core process answers. A broken import or path in the shell fails
// here, before a user's `npm start`.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const entry = path.join(root, 'dist', 'node', 'electron-main.mjs');
const register = path.join(root, 'test', 'helpers', 'electron-stand-in', 'register.mjs');
const appFrame = 'app://provdesk/index.html';

interface WindowState {
  options: { webPreferences: Record<string, unknown> };
  url: string | null;
  loaded: { status: number; csp: string | null } | null;
  shown: boolean;
  hasOpenHandler: boolean;
}
interface ShellState {
  schemes: { scheme: string; privileges: Record<string, boolean> }[];
  schemesBeforeReady: boolean | null;
  protocols: string[];
  ipcChannels: string[];
  windows: WindowState[];
  utility: { modulePath: string; serviceName: string | null; pid: number | null; exitCode: number | null }[];
  messageBoxes: { type: string; message: string; detail: string }[];
  errorBoxes: { title: string; content: string }[];
  permissionHandler: boolean;
  pid: number;
}
type Result =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

let shell: ChildProcess;
let userData: string;
let output = '';
let nextId = 1;
const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

function command<T>(name: string, args: Record<string, unknown> = {}): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    shell.send({ standIn: true, id, command: name, ...args });
  });
}
const state = () => command<ShellState>('state');
const invoke = (channel: string, request: unknown, frameUrl: string | null = appFrame, inSubframe = false) =>
  command<Result>('invoke', { channel: `provdesk:${channel}`, request, frameUrl, inSubframe });

/** The value of an answer that must have succeeded. */
function valueOf<T>(result: Result): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function job(kind: 'import' | 'replay', jobId: string): Promise<Record<string, unknown>> {
  return until(`${kind} job ${jobId}`, async () => {
    const r = await invoke(`${kind}:status`, { jobId });
    return r.ok && r.value['state'] !== 'running' ? r.value : null;
  });
}

beforeAll(async () => {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  userData = mkdtempSync(path.join(os.tmpdir(), 'provdesk-shell-'));
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  shell = fork(entry, [`--user-data-dir=${userData}`], {
    execArgv: ['--import', register],
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  shell.stdout?.on('data', (d: Buffer) => (output += d.toString('utf8')));
  shell.stderr?.on('data', (d: Buffer) => (output += d.toString('utf8')));
  shell.on('message', (m: { standIn?: boolean; id: number; value?: unknown; error?: string }) => {
    if (!m?.standIn) return;
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) w?.reject(new Error(m.error));
    else w?.resolve(m.value);
  });
  await until('the main window', async () => {
    const s = await state();
    return s.windows.length > 0 && s.ipcChannels.length > 0 && s.windows[0]?.shown;
  });
});

afterAll(() => {
  // The stand-in's utility processes end with the shell (parent-port.mjs), as Electron's do.
  if (shell && shell.exitCode === null && shell.signalCode === null) shell.kill('SIGKILL');
  if (userData) rmSync(userData, { recursive: true, force: true });
});

describe('the Electron shell boots with a stand-in electron module (issue 14)', () => {
  it('registers app:// before ready and opens one sandboxed window with the preload, loading index.html with the CSP', async () => {
    const s = await state();
    expect(s.schemesBeforeReady).toBe(true);
    expect(s.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(s.permissionHandler).toBe(true);
    expect(s.windows).toHaveLength(1);
    const window = s.windows[0]!;
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
    });
    expect(window.options.webPreferences['preload']).toBe(path.join(root, 'dist', 'node', 'preload.cjs'));
    expect(existsSync(window.options.webPreferences['preload'] as string)).toBe(true);
    expect(window.hasOpenHandler).toBe(true);
    expect(window.url).toBe(appFrame);
    expect(window.loaded).toEqual({ status: 200, csp: contentSecurityPolicy });
  });

  it('serves the built renderer from app:// with the CSP header, and nothing outside it', async () => {
    const page = await command<{ status: number; headers: Record<string, string>; body: string }>('protocol', {
      url: 'app://provdesk/',
    });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).toContain('<div id="root">');
    const script = /src="(?:\.?\/)?(assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeTruthy();
    const asset = await command<{ status: number; headers: Record<string, string> }>('protocol', {
      url: `app://provdesk/${script}`,
    });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-security-policy']).toBe(contentSecurityPolicy);
    for (const url of [
      'app://provdesk/..%2fnode%2felectron-main.mjs',
      'app://provdesk/assets/..%2f..%2fnode%2fpreload.cjs',
      'app://elsewhere/index.html',
    ]) {
      expect((await command<{ status: number }>('protocol', { url })).status, url).toBe(404);
    }
    // A path the URL parser already resolved stays inside the renderer folder: no such file there, a failed load.
    await expect(command('protocol', { url: 'app://provdesk/%2e%2e/node/electron-main.mjs' })).rejects.toThrow(
      /ENOENT.*dist\/renderer\/node\/electron-main\.mjs/,
    );
  });

  it('registers exactly the contract’s channels on ipcMain', async () => {
    const s = await state();
    expect([...s.ipcChannels].sort()).toEqual(channels.map((c) => `provdesk:${c}`).sort());
  });

  it('starts the core in its own process, which answers app:info from the store under userData', async () => {
    const s = await state();
    const core = s.utility.find((u) => u.modulePath.endsWith(path.join('dist', 'node', 'core.worker.mjs')));
    expect(core, JSON.stringify(s.utility)).toBeDefined();
    expect(core!.serviceName).toBe('Provenance Desk core');
    expect(core!.pid).not.toBe(s.pid);
    const info = await invoke('app:info', {});
    expect(info).toMatchObject({
      ok: true,
      value: { host: 'electron', storeDir: path.join(userData, 'store'), keyProtection: { kind: 'safe-storage' } },
    });
  });

  it('answers only the app’s main frame: another origin, a subframe or no frame is refused', async () => {
    expect((await invoke('bundles:list', {})).ok).toBe(true);
    for (const [frame, sub] of [
      ['https://evil.example/', false],
      ['file:///tmp/x.html', false],
      [appFrame, true],
      [null, false],
    ] as const) {
      expect(await invoke('app:info', {}, frame, sub), `${frame} ${sub}`).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
    }
    expect(await invoke('bundles:list', { limit: 'all' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });

  it('refuses a typed path on a path channel and takes a handle from its dialog, resolved before the core', async () => {
    expect(await invoke('pack:plan', { dir: os.homedir() })).toMatchObject({ ok: false, error: { code: 'refused' } });
    const runDir = mkdtempSync(path.join(userData, 'run-'));
    await command('dialogAnswers', { answers: [runDir] });
    const picked = await invoke('dialog:pickFolder', {});
    expect(picked).toMatchObject({ ok: true, value: { picked: { path: runDir } } });
    const handle = valueOf<{ picked: { handle: string } }>(picked).picked.handle;
    const plan = await invoke('pack:plan', { dir: { handle } });
    expect(plan.ok, JSON.stringify(plan)).toBe(true);
    expect(await invoke('pack:plan', { dir: { handle: 'A'.repeat(43) } })).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    });
  });

  it('gives the preload’s bridge exactly the contract, answered by the core', async () => {
    const preload = await command<{ exposed: string[]; keys: string[]; host: string; channels: string[] }>('preload');
    expect(preload).toEqual({
      exposed: ['provdesk'],
      keys: ['channels', 'host', 'invoke', 'pathForFile'],
      host: 'electron',
      channels: [...channels],
    });
    expect(await command('bridge', { channel: 'app:info', request: {} })).toMatchObject({
      ok: true,
      value: { host: 'electron' },
    });
    expect(await command('bridge', { channel: 'no:such', request: {} })).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
  });

  it('imports, replays in a utility process the main process starts for the core, then prints report:pdf in the shell and records it in the core', async () => {
    const started = await invoke('import:start', { source: { kind: 'sample' } });
    expect(started.ok, JSON.stringify(started)).toBe(true);
    const done = await job('import', valueOf<{ jobId: string }>(started).jobId);
    expect(done['state'], JSON.stringify(done)).toBe('done');
    const digest = (done['result'] as { bundleDigest: string }).bundleDigest;

    const replay = await invoke('replay:start', { digest, batchSize: 16 });
    const replayed = await job('replay', valueOf<{ jobId: string }>(replay).jobId);
    expect(replayed, JSON.stringify(replayed)).toMatchObject({ state: 'done', result: { verdict: 'reproduced' } });
    const workers = (await state()).utility.filter((u) => u.serviceName === 'Provenance Desk replay');
    expect(workers.map((u) => u.modulePath)).toEqual([path.join(root, 'dist', 'node', 'replay.worker.mjs')]);

    const target = path.join(userData, 'report');
    await command('dialogAnswers', { answers: [target] });
    const pdf = await invoke('report:pdf', { digest });
    expect(pdf).toEqual({ ok: true, value: { path: `${target}.pdf` } });
    expect(readFileSync(`${target}.pdf`, 'utf8')).toMatch(/^%PDF-/);
    const { entries } = valueOf<{ entries: { action: string; details: Record<string, unknown> }[] }>(
      await invoke('audit:list', {}),
    );
    expect(
      entries.some(
        (e) => e.action === 'report.produce' && e.details['format'] === 'pdf' && e.details['file'] === 'report.pdf',
      ),
    ).toBe(true);
  });

  it('seals a new identity key with the main process’s keychain, asked for by the core', async () => {
    const made = await invoke('identity:create', { name: 'Ada', email: 'ada@example.org' });
    expect(made).toMatchObject({ ok: true, value: { protection: 'safe-storage' } });
    const stored = JSON.parse(readFileSync(path.join(userData, 'store', 'keys', 'identity.json'), 'utf8')) as {
      protected: { kind: string };
    };
    expect(stored.protected.kind).toBe('safe-storage');
  });

  it('verifies the audit chain in the core (its thread), moving the mark', async () => {
    const r = await invoke('audit:verify', {});
    expect(r).toMatchObject({ ok: true, value: { valid: true, mark: { valid: true } } });
  });

  it('tells the window when the core process dies, starts it again, and answers', async () => {
    const before = await state();
    const core = before.utility.filter((u) => u.modulePath.endsWith('core.worker.mjs')).at(-1)!;
    process.kill(core.pid!, 'SIGKILL');
    const after = await until('a restarted core', async () => {
      const s = await state();
      const cores = s.utility.filter((u) => u.modulePath.endsWith('core.worker.mjs'));
      return cores.length === 2 && s.messageBoxes.length > 0 ? s : null;
    });
    expect(after.messageBoxes[0]).toMatchObject({ type: 'warning', message: expect.stringContaining('started again') });
    expect(await invoke('app:info', {})).toMatchObject({ ok: true, value: { host: 'electron', bundles: 1 } });
  });

  it('closes the store (final snapshot, lock released) before the app quits', async () => {
    const s = await state();
    const storeDir = path.join(userData, 'store');
    expect(existsSync(path.join(storeDir, 'store.lock'))).toBe(true);
    const snapshots = () => readdirSync(storeDir).filter((f) => /^snapshot-\d+\.sqlite$/.test(f)).length;
    const before = snapshots();
    const exited = new Promise<number | null>((resolve) => shell.once('exit', (code) => resolve(code)));
    await command('quit');
    expect(await exited).toBe(0);
    expect(existsSync(path.join(storeDir, 'store.lock'))).toBe(false);
    expect(snapshots()).toBeGreaterThan(before);
    const core = s.utility.filter((u) => u.modulePath.endsWith('core.worker.mjs')).at(-1)!;
    await until('the core process to end', async () => {
      try {
        process.kill(core.pid!, 0);
        return false;
      } catch {
        return true;
      }
    });
  });
});
