import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EventEmitter } from 'node:events';
import type { CoreProcess } from '../../src-main/core/services/core-client';
import type { FromCore } from '../../src-main/core/services/core-protocol';
import type { ForkUtility, UtilityProcessLike } from '../../src-main/electron/utility-worker-adapter';

// The core process module as the shells start it (issue 14), for tests and benches: dist/node/core.worker.mjs
// forked with Electron's process.parentPort given by the stand-in's shim (what utilityProcess.fork does in the
// desktop app), or in a worker thread (the preview host).

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const coreWorker = path.join(root, 'dist', 'node', 'core.worker.mjs');
const parentPortShim = path.join(root, 'test', 'helpers', 'electron-stand-in', 'parent-port.mjs');

/** core.worker.mjs as Electron's utility process would run it: its own process, messages through process.parentPort. */
export function forkedCoreProcess(script = coreWorker): CoreProcess & { pid: number | undefined } {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = fork(script, [], {
    execArgv: ['--import', parentPortShim],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  return {
    get pid() {
      return child.pid;
    },
    post: (message) => void child.send(message),
    onMessage: (listener) => void child.on('message', (m) => listener(m as FromCore)),
    onExit: (listener) =>
      void child.once('exit', (code, signal) =>
        listener(signal ? `was killed by ${signal}` : `exited with code ${code}`),
      ),
    kill: () => void child.kill('SIGKILL'),
  };
}

/** core.worker.mjs in a worker thread, as the preview host runs it. */
export function threadCoreProcessAt(script = coreWorker): CoreProcess {
  const worker = new Worker(script);
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => void worker.on('message', (m: FromCore) => listener(m)),
    onExit: (listener) => void worker.once('exit', (code) => listener(`exited with code ${code}`)),
    kill: () => void worker.terminate(),
  };
}

/**
 * utilityProcess.fork as the stand-in does it (child_process.fork + parentPort), for replay workers the shell starts.
 */
export const forkUtility: ForkUtility = (modulePath, args, options) => {
  const child = fork(modulePath, args, {
    execArgv: ['--import', parentPortShim, ...options.execArgv],
    env: options.env,
    stdio: ['ignore', options.stdio[1] ?? 'ignore', options.stdio[2] ?? 'ignore', 'ipc'],
    serialization: 'advanced',
  });
  const utility = new EventEmitter() as EventEmitter & UtilityProcessLike;
  Object.defineProperty(utility, 'pid', { get: () => child.pid });
  Object.defineProperty(utility, 'stderr', { value: child.stderr });
  utility.postMessage = (message: unknown) => void child.send(message as never);
  utility.kill = () => child.kill();
  child.on('message', (m) => utility.emit('message', m));
  child.on('exit', (code) => utility.emit('exit', code ?? 1));
  child.on('error', (e) => utility.emit('error', 'FatalError', e.message, ''));
  return utility;
};
