import type { ParentMessage, SpawnWorker, WorkerMessage, WorkerProcess } from '../core/services/host-runtime';

/**
 * Replay workers in Electron's utilityProcess (issue 4, THREATS 13-15), seen by run-worker.ts like a forked
 * Node child. Kept free of the electron import so it can be tested under plain Node; utility-worker.ts binds it.
 */

/** The part of Electron's UtilityProcess used here (electron.d.ts). */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (type: string, location: string, report: string) => void): unknown;
}

export type ForkUtility = (
  modulePath: string,
  args: string[],
  options: { execArgv: string[]; env: NodeJS.ProcessEnv; stdio: Array<'pipe' | 'ignore'>; serviceName: string },
) => UtilityProcessLike;

/**
 * `kill` is SIGKILL by pid when the pid is known (a limit must stop a runaway runtime at once; UtilityProcess.kill
 * sends SIGTERM). The utility process never exits on its own (electron/electron#47228), so once the worker's
 * answer (result or error) is in, the adapter ends it.
 */
export function utilityWorkerSpawner(
  forkUtility: ForkUtility,
  killPid: (pid: number) => void = (pid) => process.kill(pid, 'SIGKILL'),
): SpawnWorker {
  return (script, options) => {
    const child = forkUtility(script, [], {
      execArgv: options.execArgv,
      env: options.env,
      stdio: ['ignore', 'ignore', 'pipe'],
      serviceName: 'Provenance Desk replay',
    });
    let exited = false;
    child.on('exit', () => {
      exited = true;
    });
    const kill = () => {
      if (exited) return;
      const pid = child.pid;
      try {
        if (pid !== undefined) killPid(pid);
        else child.kill();
      } catch {
        child.kill(); // already gone, or not ours to signal: let Electron end it
      }
    };
    const worker: WorkerProcess = {
      get pid() {
        return child.pid;
      },
      stderr: child.stderr,
      send: (message: ParentMessage) => child.postMessage(message),
      kill,
      onMessage: (listener) =>
        void child.on('message', (m) => {
          const message = m as WorkerMessage;
          listener(message);
          if (message.type !== 'progress') kill();
        }),
      onError: (listener) => void child.on('error', (type, location) => listener(new Error(`${type} at ${location}`))),
      onExit: (listener) => void child.on('exit', (code) => listener(code, null)),
    };
    return worker;
  };
}
