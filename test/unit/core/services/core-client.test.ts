import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CoreClient, type CoreCrash, type CoreProcess } from '../../../../src-main/core/services/core-client';
import type { FromCore, ToCore } from '../../../../src-main/core/services/core-protocol';
import type { SpawnWorker, WorkerProcess } from '../../../../src-main/core/replay/run-worker';
import type { WorkerMessage } from '../../../../src-main/core/replay/protocol';
import type { KeyProtector } from '../../../../src-main/core/keys/key-protector';

/** A core process that records what the shell posts and says what a test tells it to. */
class FakeCore implements CoreProcess {
  posted: ToCore[] = [];
  killed = false;
  private readonly events = new EventEmitter();
  constructor(private readonly answer: (core: FakeCore, m: ToCore) => void = readyOnInit) {}
  post(message: ToCore): void {
    this.posted.push(message);
    queueMicrotask(() => this.answer(this, message));
  }
  onMessage(listener: (m: FromCore) => void): void {
    this.events.on('message', listener);
  }
  onExit(listener: (how: string) => void): void {
    this.events.once('exit', listener);
  }
  kill(): void {
    this.killed = true;
    this.exit('was killed by SIGTERM');
  }
  say(message: FromCore): void {
    this.events.emit('message', message);
  }
  exit(how: string): void {
    this.events.emit('exit', how);
  }
}

function readyOnInit(core: FakeCore, m: ToCore): void {
  if (m.type === 'init') core.say({ type: 'ready', pid: 4242 });
  if (m.type === 'close') core.say({ type: 'closed' });
}

const init = { storeDir: '/s', host: 'electron' as const };
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('CoreClient: the shell’s end of the core channel (issue 14)', () => {
  it('sends init, waits for ready, and matches results to calls by id in any order', async () => {
    const core = new FakeCore();
    const client = await CoreClient.start({ spawn: () => core, init });
    expect(core.posted[0]).toEqual({ type: 'init', init });
    expect(client.pid).toBe(4242);
    const a = client.call('app:info', {});
    const b = client.call('bundles:list', { limit: 5 });
    await tick();
    const [ca, cb] = core.posted.slice(1) as Extract<ToCore, { type: 'call' }>[];
    expect(ca).toMatchObject({ type: 'call', channel: 'app:info', request: {} });
    expect(cb).toMatchObject({ type: 'call', channel: 'bundles:list', request: { limit: 5 } });
    core.say({ type: 'result', id: cb!.id, result: { ok: true, value: 'b' } });
    core.say({ type: 'result', id: ca!.id, result: { ok: true, value: 'a' } });
    expect(await Promise.all([a, b])).toEqual([
      { ok: true, value: 'a' },
      { ok: true, value: 'b' },
    ]);
  });

  it('rejects with the core’s own error when it cannot start (a store in use, a newer schema)', async () => {
    const core = new FakeCore(
      (c, m) =>
        m.type === 'init' &&
        c.say({ type: 'start-failed', error: { code: 'store-locked', message: 'in use by process 7' } }),
    );
    await expect(CoreClient.start({ spawn: () => core, init })).rejects.toMatchObject({
      code: 'store-locked',
      message: 'in use by process 7',
    });
    expect(core.killed).toBe(true);
  });

  it('fails the calls a crashed core held, starts a new one, tells the shell, and answers again', async () => {
    const cores: FakeCore[] = [];
    const crashes: CoreCrash[] = [];
    let cleared = 0;
    const client = await CoreClient.start({
      spawn: () => {
        const core = new FakeCore();
        cores.push(core);
        return core;
      },
      init,
      onCrash: (c) => crashes.push(c),
      beforeRestart: () => cleared++,
    });
    const held = client.call('audit:verify', {});
    await tick();
    cores[0]!.exit('was killed by SIGKILL');
    expect(await held).toMatchObject({
      ok: false,
      error: {
        code: 'internal',
        message: expect.stringContaining('stopped unexpectedly (it was killed by SIGKILL); it was started again'),
        details: { coreStopped: true },
      },
    });
    const next = client.call('app:info', {});
    await tick();
    await tick();
    expect(cores).toHaveLength(2);
    expect(cleared).toBe(1);
    expect(crashes).toEqual([{ how: 'was killed by SIGKILL', restarted: true }]);
    const call = cores[1]!.posted.find((m) => m.type === 'call') as Extract<ToCore, { type: 'call' }>;
    cores[1]!.say({ type: 'result', id: call.id, result: { ok: true, value: 'again' } });
    expect(await next).toEqual({ ok: true, value: 'again' });
  });

  it('gives up after too many crashes in the window and says the app must be restarted', async () => {
    const cores: FakeCore[] = [];
    const crashes: CoreCrash[] = [];
    const client = await CoreClient.start({
      spawn: () => {
        const core = new FakeCore();
        cores.push(core);
        return core;
      },
      init,
      onCrash: (c) => crashes.push(c),
      restarts: { max: 1, windowMs: 60_000 },
    });
    cores[0]!.exit('exited with code 1');
    await tick();
    await tick();
    cores[1]!.exit('exited with code 1');
    await tick();
    expect(cores).toHaveLength(2);
    expect(crashes.at(-1)).toMatchObject({
      restarted: false,
      reason: expect.stringContaining('restart Provenance Desk'),
    });
    expect(await client.call('app:info', {})).toMatchObject({
      ok: false,
      error: {
        code: 'internal',
        message: expect.stringContaining('restart Provenance Desk'),
        details: { coreStopped: true },
      },
    });
  });

  it('closes: asks the core to close its store, waits for closed, then ends it; later calls are cancelled', async () => {
    const core = new FakeCore();
    const client = await CoreClient.start({ spawn: () => core, init });
    await client.close();
    expect(core.posted.at(-1)).toEqual({ type: 'close' });
    expect(core.killed).toBe(true);
    expect(await client.call('app:info', {})).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('answers the core’s keychain asks with the shell’s protector, and refuses them without one', async () => {
    const core = new FakeCore();
    await CoreClient.start({ spawn: () => core, init, keychain: reversingKeychain });
    core.say({
      type: 'ask',
      id: 1,
      ask: 'keychain-protect',
      args: { secret: new Uint8Array([1, 2, 3]), associated: 'k1' },
    });
    await tick();
    const sealed = core.posted.find((m) => m.type === 'answer') as Extract<ToCore, { type: 'answer' }>;
    expect(sealed.result).toEqual({ ok: true, value: { kind: 'safe-storage', sealed: '030201', associated: 'k1' } });
    core.say({
      type: 'ask',
      id: 2,
      ask: 'keychain-unprotect',
      args: { stored: (sealed.result as { value: Record<string, unknown> }).value, associated: 'k1' },
    });
    await tick();
    const opened = core.posted.filter((m) => m.type === 'answer')[1] as Extract<ToCore, { type: 'answer' }>;
    expect(opened.result).toEqual({ ok: true, value: new Uint8Array([1, 2, 3]) });

    const bare = new FakeCore();
    await CoreClient.start({ spawn: () => bare, init });
    bare.say({ type: 'ask', id: 1, ask: 'keychain-protect', args: { secret: new Uint8Array([1]), associated: 'k' } });
    await tick();
    expect(bare.posted.find((m) => m.type === 'answer')).toMatchObject({
      result: { ok: false, error: { code: 'refused' } },
    });
  });

  it('starts replay workers for the core (only its replay script), relays them, and stops them when the core dies', async () => {
    const children: FakeWorker[] = [];
    const spawn: SpawnWorker = (script, options) => {
      const child = new FakeWorker(script, options.execArgv);
      children.push(child);
      return child;
    };
    const core = new FakeCore();
    await CoreClient.start({ spawn: () => core, init, replayWorkers: { spawn, script: '/app/replay.worker.mjs' } });
    core.say({
      type: 'replay-spawn',
      worker: 1,
      script: '/app/replay.worker.mjs',
      execArgv: ['--max-old-space-size=512'],
      env: { PATH: '/bin' },
    });
    core.say({ type: 'replay-send', worker: 1, message: { type: 'run', job: {} as never } });
    expect(children).toHaveLength(1);
    expect(children[0]!.sent).toEqual([{ type: 'run', job: {} }]);
    children[0]!.stderr.write('warming up\n');
    children[0]!.emitMessage({ type: 'progress', rows: 10 });
    await tick();
    const events = () =>
      core.posted
        .filter((m) => m.type === 'replay-event')
        .map((m) => (m as Extract<ToCore, { type: 'replay-event' }>).event);
    expect(events()).toEqual([
      { kind: 'spawned', pid: 99 },
      { kind: 'stderr', text: 'warming up\n' },
      { kind: 'message', message: { type: 'progress', rows: 10 } },
    ]);
    core.say({ type: 'replay-spawn', worker: 2, script: '/tmp/evil.mjs', execArgv: [], env: {} });
    expect(children).toHaveLength(1);
    expect(events().slice(-2)).toEqual([
      { kind: 'error', message: 'the shell starts only its replay worker, not /tmp/evil.mjs' },
      { kind: 'exit', code: null, signal: null },
    ]);
    core.exit('was killed by SIGKILL');
    expect(children[0]!.killed).toBe(true);
  });
});

/** A keychain double: "seals" by reversing the bytes, bound to the associated key id. */
const reversingKeychain: KeyProtector = {
  kind: 'safe-storage',
  protect: async (secret, associated) => ({
    kind: 'safe-storage',
    sealed: Buffer.from(secret).reverse().toString('hex'),
    associated,
  }),
  unprotect: async (stored, associated) => {
    if (stored['associated'] !== associated) throw new Error('another identity');
    return Buffer.from(stored['sealed'] as string, 'hex').reverse();
  },
};

class FakeWorker implements WorkerProcess {
  readonly pid = 99;
  readonly stderr = new PassThrough();
  sent: unknown[] = [];
  killed = false;
  private readonly events = new EventEmitter();
  constructor(
    readonly script: string,
    readonly execArgv: string[],
  ) {}
  send(message: unknown): void {
    this.sent.push(message);
  }
  kill(): void {
    this.killed = true;
  }
  onMessage(listener: (m: WorkerMessage) => void): void {
    this.events.on('message', listener);
  }
  onError(listener: (e: Error) => void): void {
    this.events.on('error', listener);
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.events.on('exit', listener);
  }
  emitMessage(m: WorkerMessage): void {
    this.events.emit('message', m);
  }
}
