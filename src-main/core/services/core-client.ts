import { CodedError, err, ok, type Result } from '../../common/result';
import type { Channel } from '../../common/contract';
import type { KeyProtector, ProtectedSecret } from '../keys/key-protector';
import type { SpawnWorker } from '../replay/run-worker';
import type { CoreInit, CoreTask, CoreTasks, FromCore, ToCore } from './core-protocol';
import { toErrorResult } from './dispatch';
import { relayReplayWorkers } from './shell-replay';

/** A started core process (or thread) as the shell sees it. */
export interface CoreProcess {
  post(message: ToCore): void;
  onMessage(listener: (message: FromCore) => void): void;
  /** Once, when it has ended; `how` in words ("exited with code 1", "was killed by SIGKILL"). */
  onExit(listener: (how: string) => void): void;
  kill(): void;
}

export interface CoreCrash {
  /** What happened to the core process, in words. */
  how: string;
  /**
   * True when a new core process answers again; false when it keeps stopping (or cannot start) and the app must be
   * restarted.
   */
  restarted: boolean;
  /** Why it could not be started again, when it was not. */
  reason?: string;
}

export interface CoreClientOptions {
  spawn: () => CoreProcess;
  init: CoreInit;
  /** Electron: safeStorage, which only the main process has; the core's keychain asks are answered with it. */
  keychain?: KeyProtector;
  /** Electron: replay workers started here on the core's behalf (utilityProcess), only this script. */
  replayWorkers?: { spawn: SpawnWorker; script: string };
  /** Told after the core stopped unexpectedly, once it answers again or is given up on. */
  onCrash?: (crash: CoreCrash) => void;
  /** Before a new core starts after a crash (the preview host clears the lock its dead thread left). */
  beforeRestart?: () => void;
  /** At most this many restarts within `windowMs`; then the app says it must be restarted. Default 3 in 60 s. */
  restarts?: { max: number; windowMs: number };
}

type Pending = (result: Result<unknown>) => void;

/**
 * The shell's side of the core channel (issue 14): calls go out by id and their Results come back in any order;
 * the core's asks (the keychain) and replay workers are served here. A core that stops unexpectedly fails the
 * calls it held (each says so), is started again and told to the shell (`onCrash`), unless it stopped more than
 * `restarts.max` times in `restarts.windowMs`: then every call answers that the app must be restarted.
 */
export class CoreClient {
  private process: CoreProcess | null = null;
  private ready: Promise<void> = Promise.resolve();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closing = false;
  private stoppedFor: string | null = null;
  private crashes: number[] = [];
  private relay: ReturnType<typeof relayReplayWorkers> | null = null;
  private closed: (() => void) | null = null;
  private corePid: number | null = null;

  private constructor(private readonly options: CoreClientOptions) {}

  /** Starts the core and resolves once its store is open; rejects with the core's own error when it cannot start. */
  static async start(options: CoreClientOptions): Promise<CoreClient> {
    const client = new CoreClient(options);
    client.ready = client.launch();
    await client.ready;
    return client;
  }

  /** A contract call, as the transport received it (the core parses it against the contract). */
  async call(channel: Channel, request: unknown): Promise<Result<unknown>> {
    return this.send((id) => ({ type: 'call', id, channel, request }));
  }

  /** Work the shell's own channels need of the core (report:pdf). */
  async task<T extends CoreTask>(task: T, args: CoreTasks[T]['args']): Promise<CoreTasks[T]['value']> {
    const result = await this.send((id) => ({ type: 'task', id, task, args }));
    if (!result.ok) throw new CodedError(result.error.code, result.error.message, result.error.details);
    return result.value as CoreTasks[T]['value'];
  }

  /** The pid of the running core process (a thread's is this process's); null while none runs. */
  get pid(): number | null {
    return this.corePid;
  }

  /** Asks the core to settle its jobs and close the store (final snapshot), then ends it; waits at most `timeoutMs`. */
  async close(timeoutMs = 30_000): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.ready.catch(() => undefined);
    const core = this.process;
    if (!core) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.closed = () => {
        clearTimeout(timer);
        resolve();
      };
      core.post({ type: 'close' });
    });
    core.kill();
    this.fail(err('cancelled', 'the app is closing'));
  }

  private async send(message: (id: number) => ToCore): Promise<Result<unknown>> {
    if (this.closing) return err('cancelled', 'the app is closing');
    try {
      await this.ready;
    } catch {
      /* stoppedFor says why */
    }
    if (this.stoppedFor !== null || !this.process)
      return err('internal', this.stoppedFor ?? 'the core process is not running', { coreStopped: true });
    const id = this.nextId++;
    const core = this.process;
    return new Promise<Result<unknown>>((resolve) => {
      this.pending.set(id, resolve);
      try {
        core.post(message(id));
      } catch (error) {
        this.pending.delete(id);
        resolve(err('invalid-request', `the request could not be sent to the core: ${(error as Error).message}`));
      }
    });
  }

  /** Spawns a core, sends it 'init' and resolves on 'ready'. */
  private launch(): Promise<void> {
    const core = this.options.spawn();
    this.process = core;
    this.relay = this.options.replayWorkers
      ? relayReplayWorkers(this.options.replayWorkers.spawn, this.options.replayWorkers.script, (m) => core.post(m))
      : null;
    const relay = this.relay;
    return new Promise<void>((resolve, reject) => {
      let started = false;
      core.onMessage((m) => {
        if (m.type === 'ready') {
          started = true;
          this.corePid = m.pid;
          resolve();
        } else if (m.type === 'start-failed') {
          this.stoppedFor = m.error.message;
          reject(new CodedError(m.error.code, m.error.message, m.error.details));
          core.kill();
        } else if (m.type === 'result') {
          const answer = this.pending.get(m.id);
          this.pending.delete(m.id);
          answer?.(m.result);
        } else if (m.type === 'ask') void this.answerAsk(core, m.id, m.ask, m.args);
        else if (m.type === 'closed') this.closed?.();
        else relay?.handle(m);
      });
      core.onExit((how) => {
        relay?.stopAll();
        this.corePid = null;
        if (this.process === core) this.process = null;
        if (this.closing) {
          this.closed?.();
          return;
        }
        if (!started) {
          this.stoppedFor ??= `the core process ${how} while starting`;
          reject(new Error(this.stoppedFor));
          return;
        }
        this.crashed(how);
      });
      core.post({ type: 'init', init: this.options.init });
    });
  }

  private crashed(how: string): void {
    const now = Date.now();
    const { max, windowMs } = this.options.restarts ?? { max: 3, windowMs: 60_000 };
    this.crashes = [...this.crashes.filter((t) => now - t < windowMs), now];
    const again = this.crashes.length <= max;
    this.fail(
      err(
        'internal',
        `the core process stopped unexpectedly (it ${how})${again ? '; it was started again: try again' : ''}`,
        { coreStopped: true },
      ),
    );
    if (!again) {
      this.stoppedFor = `the core process stopped ${this.crashes.length} times within ${Math.round(windowMs / 1000)} s (last: it ${how}): restart Provenance Desk`;
      this.options.onCrash?.({ how, restarted: false, reason: this.stoppedFor });
      return;
    }
    try {
      this.options.beforeRestart?.();
    } catch {
      /* the new core says what is wrong */
    }
    this.ready = this.launch();
    this.ready.then(
      () => this.options.onCrash?.({ how, restarted: true }),
      (error: unknown) => {
        this.stoppedFor = `the core process stopped (it ${how}) and could not be started again: ${(error as Error).message}`;
        this.options.onCrash?.({ how, restarted: false, reason: this.stoppedFor });
      },
    );
  }

  private fail(result: Result<never>): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const answer of waiting) answer(result);
  }

  private async answerAsk(core: CoreProcess, id: number, ask: string, args: unknown): Promise<void> {
    let result: Result<unknown>;
    try {
      result = ok(await this.runAsk(ask, args));
    } catch (error) {
      result = toErrorResult(error);
    }
    core.post({ type: 'answer', id, result });
  }

  private async runAsk(ask: string, args: unknown): Promise<unknown> {
    const keychain = this.options.keychain;
    if (!keychain) throw new CodedError('refused', 'this host has no system keychain: protected by a passphrase');
    const a = args as { secret?: Uint8Array; stored?: ProtectedSecret; associated: string };
    if (ask === 'keychain-protect' && a.secret) return keychain.protect(Buffer.from(a.secret), a.associated);
    if (ask === 'keychain-unprotect' && a.stored)
      return new Uint8Array(await keychain.unprotect(a.stored, a.associated));
    throw new CodedError('invalid-request', `unknown ask ${ask}`);
  }
}
