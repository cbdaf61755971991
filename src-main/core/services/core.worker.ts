import { parentPort } from 'node:worker_threads';
import { serveCore } from './core-server';

/**
 * The core process's entry (issue 14): Electron's main process starts it with utilityProcess.fork, the preview
 * host as a worker thread; either way it serves the core channel (core-server.ts) to its shell.
 */

/** Electron's process.parentPort in a utility process (typed here without Electron's typings). */
interface UtilityParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

const utilityPort = (process as unknown as { parentPort?: UtilityParentPort | null }).parentPort;
const exit = () => process.exit(0); // in a worker thread this ends the thread only

if (utilityPort) {
  serveCore({
    post: (m) => utilityPort.postMessage(m),
    onMessage: (listener) => void utilityPort.on('message', (e) => listener(e.data)),
    exit,
  });
} else if (parentPort) {
  const port = parentPort;
  serveCore({ post: (m) => port.postMessage(m), onMessage: (listener) => void port.on('message', listener), exit });
} else {
  process.stderr.write('core.worker.mjs runs as Electron’s utility process or a worker thread, started by the app\n');
  process.exit(2);
}
