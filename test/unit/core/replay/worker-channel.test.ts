import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { PARENT_PORT_EXIT_MS, parentChannel, type ProcessLike } from '../../../../src-main/core/replay/worker-channel';

/**
 * The worker's side of both channels, with stand-in process objects (the real fork channel runs in replay-*.test.ts).
 */

describe('the replay worker channel', () => {
  it('uses parentPort under utilityProcess: unwraps { data }, posts messages, exits after a grace period', async () => {
    vi.useFakeTimers();
    try {
      const port = new EventEmitter() as EventEmitter & { postMessage: (m: unknown) => void };
      const posted: unknown[] = [];
      port.postMessage = (m) => posted.push(m);
      const exit = vi.fn();
      const proc = Object.assign(new EventEmitter(), { parentPort: port, exit }) as unknown as ProcessLike;
      const channel = parentChannel(proc);
      const got: unknown[] = [];
      channel.onceMessage((m) => got.push(m));
      port.emit('message', { data: { type: 'run', job: 1 } });
      port.emit('message', { data: { type: 'run', job: 2 } });
      expect(got).toEqual([{ type: 'run', job: 1 }]);
      await channel.send({ type: 'progress', rows: 3 });
      expect(posted).toEqual([{ type: 'progress', rows: 3 }]);
      channel.close();
      expect(exit).not.toHaveBeenCalled();
      vi.advanceTimersByTime(PARENT_PORT_EXIT_MS);
      expect(exit).toHaveBeenCalledWith(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('uses Node IPC under child_process.fork: waits for the send callback, disconnects on close', async () => {
    const sent: unknown[] = [];
    const disconnect = vi.fn();
    const proc = Object.assign(new EventEmitter(), {
      send: (m: unknown, _h: undefined, _o: object, cb: (e: Error | null) => void) => {
        sent.push(m);
        setImmediate(() => cb(null));
        return true;
      },
      disconnect,
      exit: vi.fn(),
    }) as unknown as ProcessLike;
    const channel = parentChannel(proc);
    const got: unknown[] = [];
    channel.onceMessage((m) => got.push(m));
    (proc as unknown as EventEmitter).emit('message', { type: 'run' });
    expect(got).toEqual([{ type: 'run' }]);
    await channel.send({ type: 'progress', rows: 1 });
    expect(sent).toEqual([{ type: 'progress', rows: 1 }]);
    channel.close();
    expect(disconnect).toHaveBeenCalledOnce();
  });

  it('refuses to run without a parent', () => {
    const proc = Object.assign(new EventEmitter(), { exit: vi.fn() }) as unknown as ProcessLike;
    expect(() => parentChannel(proc)).toThrow(/must be started by its parent/);
  });
});
