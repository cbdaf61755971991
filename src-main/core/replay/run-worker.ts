import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Problem } from '../../common/problem';
import type { ParentMessage, WorkerJob, WorkerMessage, WorkerResult } from './protocol';
import { workerEnvironment } from './worker-env';

/**
 * Runs one replay job in its own Node process and enforces the limits from outside (THREATS 13-14): a
 * wall-clock timeout and, on Linux, the child's resident memory polled from /proc (native ONNX Runtime memory
 * is invisible to V8's heap limit, which is set as well). A crash, a kill or a limit becomes a reason; this
 * process only ever sees messages and an exit status.
 */

export interface WorkerLimits {
  timeoutMs: number;
  maxMemoryBytes: number;
}

export type WorkerOutcome =
  | { ok: true; result: WorkerResult; cpuMs: number; peakRssBytes: number }
  | { ok: false; code: string; reason: string; problem: Problem | null; cpuMs: number; peakRssBytes: number };

/**
 * The worker process as run-worker sees it: Node's child_process.fork by default; Electron passes one built on
 * utilityProcess.fork (src-main/electron/utility-worker.ts). Kill means kill at once (SIGKILL where possible).
 */
export interface WorkerProcess {
  readonly pid: number | undefined;
  readonly stderr: NodeJS.ReadableStream | null;
  send(message: ParentMessage): void;
  kill(): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  onError(listener: (error: Error) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
}

export type SpawnWorker = (script: string, options: { execArgv: string[]; env: NodeJS.ProcessEnv }) => WorkerProcess;

/** The default: a Node child process with an IPC channel; typed arrays cross as binary, not JSON. */
export const forkWorker: SpawnWorker = (script, options) => {
  const child = fork(script, [], {
    serialization: 'advanced',
    execArgv: options.execArgv,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: options.env,
  });
  return {
    get pid() {
      return child.pid;
    },
    stderr: child.stderr,
    send: (message) => void child.send(message),
    kill: () => void child.kill('SIGKILL'),
    onMessage: (listener) => void child.on('message', (m) => listener(m as WorkerMessage)),
    onError: (listener) => void child.on('error', listener),
    onExit: (listener) => void child.on('exit', (code, signal) => listener(code, signal)),
  };
};

const POLL_MS = 25;
const EXIT_GRACE_MS = 2000;
const STDERR_TAIL = 2000;

export function runWorker(
  script: string,
  job: WorkerJob,
  limits: WorkerLimits,
  signal: AbortSignal | undefined,
  onRows?: (rows: number) => void,
  spawn: SpawnWorker = forkWorker,
): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    const heapMb = Math.max(64, Math.floor(limits.maxMemoryBytes / (1 << 20)));
    let child: WorkerProcess;
    try {
      // An allow-listed environment: the worker runs a bundle's model and must not see the parent's secrets.
      child = spawn(script, { execArgv: [`--max-old-space-size=${heapMb}`], env: workerEnvironment() });
    } catch (e) {
      resolve({
        ok: false,
        code: 'replay-worker-error',
        reason: `the replay worker could not start: ${(e as Error).message}`,
        problem: null,
        cpuMs: 0,
        peakRssBytes: 0,
      });
      return;
    }
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-STDERR_TAIL)));
    let message: WorkerMessage | null = null;
    let stopped: { code: string; reason: string } | null = null;
    let peakRss = 0;
    let cpuMs = 0;

    const stop = (code: string, reason: string) => {
      if (stopped || message) return;
      stopped = { code, reason };
      child.kill();
    };
    const timer = setTimeout(
      () =>
        stop(
          'replay-time-limit',
          `the replay exceeded its time limit of ${formatMs(limits.timeoutMs)} and was stopped`,
        ),
      limits.timeoutMs,
    );
    const poll = setInterval(() => {
      const usage = child.pid ? readProcUsage(child.pid) : null;
      if (!usage) return;
      peakRss = Math.max(peakRss, usage.rssBytes);
      cpuMs = usage.cpuMs ?? cpuMs;
      if (usage.rssBytes > limits.maxMemoryBytes) {
        stop(
          'replay-memory-limit',
          `the replay used ${formatBytes(usage.rssBytes)} of memory, over its limit of ${formatBytes(limits.maxMemoryBytes)}, and was stopped`,
        );
      }
    }, POLL_MS);
    const onAbort = () => stop('replay-cancelled', 'the replay was cancelled');
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    child.onMessage((m) => {
      if (m.type === 'progress') return onRows?.(m.rows);
      message = m;
      // The answer is in: a worker that then fails to exit (a stuck runtime thread) is not waited for.
      setTimeout(() => child.kill(), EXIT_GRACE_MS).unref();
    });
    child.onError((e) => stop('replay-worker-error', `the replay worker could not run: ${e.message}`));
    child.onExit((exitCode, exitSignal) => {
      clearTimeout(timer);
      clearInterval(poll);
      signal?.removeEventListener('abort', onAbort);
      const m = message as WorkerMessage | null;
      if (m?.type === 'result') {
        resolve({ ok: true, result: m.result, cpuMs: m.cpuMs, peakRssBytes: Math.max(peakRss, m.maxRssBytes) });
        return;
      }
      const base = { cpuMs, peakRssBytes: peakRss };
      if (m?.type === 'error')
        resolve({ ok: false, code: m.problem.code, reason: m.problem.message, problem: m.problem, ...base });
      else if (stopped)
        resolve({ ok: false, ...(stopped as { code: string; reason: string }), problem: null, ...base });
      else {
        const how = exitSignal ? `was killed by ${exitSignal}` : `exited with code ${exitCode}`;
        const tail = lastLine(stderr);
        resolve({
          ok: false,
          code: 'replay-worker-crashed',
          reason: `the replay worker crashed: it ${how}${tail ? ` (${tail})` : ''}`,
          problem: null,
          ...base,
        });
      }
    });
    const run: ParentMessage = { type: 'run', job };
    child.send(run);
  });
}

/** VmRSS from /proc/<pid>/status and utime+stime from /proc/<pid>/stat (Linux); null elsewhere. */
function readProcUsage(pid: number): { rssBytes: number; cpuMs: number | null } | null {
  if (process.platform !== 'linux') return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    if (kb === undefined) return null;
    let cpuMs: number | null = null;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields 14 and 15 of stat(5); clock ticks of 10 ms
    const [utime, stime] = [Number(fields[11]), Number(fields[12])];
    if (Number.isFinite(utime) && Number.isFinite(stime)) cpuMs = (utime + stime) * 10;
    return { rssBytes: Number(kb) * 1024, cpuMs };
  } catch {
    return null; // the process has just exited
  }
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}

function formatBytes(n: number): string {
  return n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GiB` : `${Math.round(n / (1 << 20))} MiB`;
}
