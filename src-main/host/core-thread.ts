import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CoreProcess } from '../core/services/core-client';
import type { FromCore } from '../core/services/core-protocol';
import { workerScript } from '../core/services/host-runtime';

/**
 * The preview host's core (issue 14): core.worker.mjs in a worker thread, so this thread only serves HTTP, checks
 * the token and streams uploads, and a long check in the core holds none of that.
 */
export function threadCoreProcess(script: string = workerScript('core.worker')): CoreProcess {
  const worker = new Worker(script);
  let error: Error | null = null;
  worker.on('error', (e) => {
    error = e;
    process.stderr.write(`preview: the core thread failed: ${e.stack ?? e.message}\n`);
  });
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => void worker.on('message', (m: FromCore) => listener(m)),
    onExit: (listener) =>
      void worker.once('exit', (code) =>
        listener(error ? `failed (${(error as Error).message})` : `exited with code ${code}`),
      ),
    kill: () => void worker.terminate(),
  };
}

/**
 * After the core thread died without closing the store: its lock names this process (a thread has its parent's
 * pid), so a new core would see the store as in use by a live process. Nothing else in this process takes that
 * lock, so one with our pid and host is the dead thread's and is removed.
 */
export function releaseDeadThreadLock(storeDir: string): void {
  const file = path.join(storeDir, 'store.lock');
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; hostname?: unknown };
    if (owner.pid === process.pid && owner.hostname === os.hostname()) rmSync(file, { force: true });
  } catch {
    /* no lock, or not ours to judge: the new core says what it finds */
  }
}
