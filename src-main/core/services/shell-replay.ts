import { PassThrough } from 'node:stream';
import type { FromCore, ReplayEvent, ToCore } from './core-protocol';
import type { SpawnWorker, WorkerProcess } from '../replay/run-worker';
import type { WorkerMessage } from '../replay/protocol';

/**
 * Replay workers the shell starts for the core (Electron: a utility process cannot fork another one, and
 * child_process.fork needs ELECTRON_RUN_AS_NODE, which the runAsNode fuse turns off). The core still runs
 * run-worker.ts, limits and all: this is its WorkerProcess, with each spawn, message and kill carried by the
 * core channel. The pid arrives with 'spawned', so the memory limit is polled from /proc as for a local child.
 */
export function shellReplayWorkers(post: (message: FromCore) => void): {
  spawn: SpawnWorker;
  onEvent(worker: number, event: ReplayEvent): void;
} {
  let next = 1;
  const workers = new Map<number, RemoteWorker>();
  const spawn: SpawnWorker = (script, options) => {
    const id = next++;
    const worker = new RemoteWorker(id, post);
    workers.set(id, worker);
    post({ type: 'replay-spawn', worker: id, script, execArgv: options.execArgv, env: options.env });
    return worker;
  };
  return {
    spawn,
    onEvent(id, event) {
      const worker = workers.get(id);
      if (!worker) return;
      if (event.kind === 'exit') workers.delete(id);
      worker.deliver(event);
    },
  };
}

class RemoteWorker implements WorkerProcess {
  pid: number | undefined = undefined;
  readonly stderr = new PassThrough();
  private readonly messages: ((m: WorkerMessage) => void)[] = [];
  private readonly errors: ((e: Error) => void)[] = [];
  private readonly exits: ((code: number | null, signal: string | null) => void)[] = [];

  constructor(
    private readonly id: number,
    private readonly post: (message: FromCore) => void,
  ) {}

  send(message: Parameters<WorkerProcess['send']>[0]): void {
    this.post({ type: 'replay-send', worker: this.id, message });
  }
  kill(): void {
    this.post({ type: 'replay-kill', worker: this.id });
  }
  onMessage(listener: (m: WorkerMessage) => void): void {
    this.messages.push(listener);
  }
  onError(listener: (e: Error) => void): void {
    this.errors.push(listener);
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.exits.push(listener);
  }

  deliver(event: ReplayEvent): void {
    if (event.kind === 'spawned') this.pid = event.pid;
    else if (event.kind === 'message') for (const l of this.messages) l(event.message);
    else if (event.kind === 'stderr') this.stderr.write(event.text);
    else if (event.kind === 'error') for (const l of this.errors) l(new Error(event.message));
    else {
      this.stderr.end();
      for (const l of this.exits) l(event.code, event.signal);
    }
  }
}

/**
 * The shell's side: starts the workers the core asks for with `spawn` (Electron: utilityProcess), only ever
 * the replay worker script it was given, and relays what they do. `stopAll` ends them when the core is gone.
 */
export function relayReplayWorkers(
  spawn: SpawnWorker,
  script: string,
  post: (message: ToCore) => void,
): { handle(message: FromCore): boolean; stopAll(): void } {
  const running = new Map<number, WorkerProcess>();
  const send = (worker: number, event: ReplayEvent) => post({ type: 'replay-event', worker, event });
  return {
    handle(message) {
      if (message.type === 'replay-spawn') {
        const id = message.worker;
        if (message.script !== script) {
          send(id, { kind: 'error', message: `the shell starts only its replay worker, not ${message.script}` });
          send(id, { kind: 'exit', code: null, signal: null });
          return true;
        }
        let child: WorkerProcess;
        try {
          child = spawn(script, { execArgv: message.execArgv, env: message.env });
        } catch (error) {
          send(id, { kind: 'error', message: (error as Error).message });
          send(id, { kind: 'exit', code: null, signal: null });
          return true;
        }
        running.set(id, child);
        // Electron knows a utility process's pid only once it has spawned: passed on as soon as it is known.
        const pidKnown = (): boolean => {
          if (child.pid === undefined) return false;
          send(id, { kind: 'spawned', pid: child.pid });
          return true;
        };
        if (!pidKnown()) {
          const poll = setInterval(() => {
            if (pidKnown() || !running.has(id)) clearInterval(poll);
          }, 10);
        }
        child.stderr?.on('data', (d: Buffer) => send(id, { kind: 'stderr', text: d.toString('utf8') }));
        child.onMessage((m) => send(id, { kind: 'message', message: m }));
        child.onError((e) => send(id, { kind: 'error', message: e.message }));
        child.onExit((code, signal) => {
          running.delete(id);
          send(id, { kind: 'exit', code, signal });
        });
        return true;
      }
      if (message.type === 'replay-send') {
        running.get(message.worker)?.send(message.message);
        return true;
      }
      if (message.type === 'replay-kill') {
        running.get(message.worker)?.kill();
        return true;
      }
      return false;
    },
    stopAll() {
      for (const child of running.values()) child.kill();
      running.clear();
    },
  };
}
