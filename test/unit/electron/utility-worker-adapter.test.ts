import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  utilityWorkerSpawner,
  type ForkUtility,
  type UtilityProcessLike,
} from '../../../src-main/electron/utility-worker-adapter';
import type { WorkerMessage } from '../../../src-main/core/replay/protocol';

/** A stand-in for Electron's UtilityProcess (no Electron binary here): records what the adapter asks of it. */
class FakeUtilityProcess extends EventEmitter implements UtilityProcessLike {
  pid: number | undefined = 4242;
  stderr = new PassThrough();
  posted: unknown[] = [];
  killedGently = 0;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killedGently++;
    return true;
  }
}

function setup(hasPid = true) {
  const child = new FakeUtilityProcess();
  if (!hasPid) child.pid = undefined; // a process that failed to spawn has none
  const forks: Parameters<ForkUtility>[] = [];
  const killed: number[] = [];
  const spawn = utilityWorkerSpawner(
    (...args) => {
      forks.push(args);
      return child;
    },
    (p) => killed.push(p),
  );
  const worker = spawn('/app/replay.worker.mjs', { execArgv: ['--max-old-space-size=512'], env: { A: '1' } });
  return { child, forks, killed, worker };
}

describe('replay workers in a utility process', () => {
  it('forks the script with the heap flag, environment and piped stderr only', () => {
    const { forks, worker, child } = setup();
    expect(forks).toEqual([
      [
        '/app/replay.worker.mjs',
        [],
        {
          execArgv: ['--max-old-space-size=512'],
          env: { A: '1' },
          stdio: ['ignore', 'ignore', 'pipe'],
          serviceName: 'Provenance Desk replay',
        },
      ],
    ]);
    expect(worker.pid).toBe(4242);
    expect(worker.stderr).toBe(child.stderr);
  });

  it('posts the job, passes messages on, and ends the process once the answer is in (it never exits on its own)', () => {
    const { child, killed, worker } = setup();
    const seen: WorkerMessage[] = [];
    worker.onMessage((m) => seen.push(m));
    worker.send({ type: 'run', job: { root: '/x', spec: {} as never, modelClasses: null, batchSize: 1, threads: 1 } });
    expect(child.posted).toHaveLength(1);
    child.emit('message', { type: 'progress', rows: 5 });
    expect(killed).toEqual([]);
    child.emit('message', { type: 'error', problem: { code: 'npy-invalid', message: 'bad' } });
    expect(seen.map((m) => m.type)).toEqual(['progress', 'error']);
    expect(killed).toEqual([4242]);
  });

  it('kills by SIGKILL on the pid, falls back to kill() without one, and not at all after exit', () => {
    const withPid = setup();
    withPid.worker.kill();
    expect(withPid.killed).toEqual([4242]);
    const noPid = setup(false);
    noPid.worker.kill();
    expect(noPid.child.killedGently).toBe(1);
    const gone = setup();
    gone.child.emit('exit', 0);
    gone.worker.kill();
    expect(gone.killed).toEqual([]);
  });

  it('reports exit codes without a signal and fatal errors as errors', () => {
    const { child, worker } = setup();
    const exits: Array<[number | null, string | null]> = [];
    const errors: string[] = [];
    worker.onExit((code, signal) => exits.push([code, signal]));
    worker.onError((e) => errors.push(e.message));
    child.emit('error', 'FatalError', 'v8::Isolate', '{}');
    child.emit('exit', 134);
    expect(errors).toEqual(['FatalError at v8::Isolate']);
    expect(exits).toEqual([[134, null]]);
  });
});
