import type { ParentMessage, WorkerMessage } from './protocol';

/**
 * The replay worker's side of the channel to its parent. Under child_process.fork that is Node's IPC
 * (process.send); under Electron's utilityProcess it is process.parentPort, whose messages arrive as
 * `{ data }` and which never lets the process end on its own (electron/electron#47228).
 */

export interface ParentChannel {
  onceMessage(listener: (message: ParentMessage) => void): void;
  send(message: WorkerMessage): Promise<void>;
  /** After the last message: let the process end. */
  close(): void;
}

interface ParentPortLike {
  once(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface ProcessLike {
  parentPort?: ParentPortLike;
  send?: (message: unknown, sendHandle: undefined, options: object, callback: (error: Error | null) => void) => boolean;
  once(event: 'message', listener: (message: unknown) => void): unknown;
  disconnect?: () => void;
  exit(code?: number): never;
}

/** How long a utility-process worker waits for its parent to end it after the last message. */
export const PARENT_PORT_EXIT_MS = 1000;

export function parentChannel(proc: ProcessLike): ParentChannel {
  const port = proc.parentPort;
  if (port) {
    return {
      onceMessage: (listener) => void port.once('message', (e) => listener(e.data as ParentMessage)),
      send: (message) => {
        port.postMessage(message);
        return Promise.resolve();
      },
      // The parent ends the process once it has the answer; exiting at once could drop a message still in flight.
      close: () => void setTimeout(() => proc.exit(0), PARENT_PORT_EXIT_MS),
    };
  }
  const send = proc.send;
  if (!send) throw new Error('the replay worker must be started by its parent (no IPC channel and no parentPort)');
  return {
    onceMessage: (listener) => void proc.once('message', (m) => listener(m as ParentMessage)),
    send: (message) => new Promise((resolve) => send.call(proc, message, undefined, {}, () => resolve())),
    close: () => proc.disconnect?.(),
  };
}
