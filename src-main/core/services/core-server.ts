import { z } from 'zod';
import { CodedError, err, type Result } from '../../common/result';
import type { ReplicationReport } from '../../common/schemas/report';
import { buildReport, recordReportProduced } from '../report/produce-report';
import { createAppContext, type AppContext } from './app-context';
import { appVersion } from './app-paths';
import { threadedChainCheck } from './chain-check-thread';
import { coreInitSchema, toCoreSchema, type CoreTask, type CoreTasks, type FromCore } from './core-protocol';
import { dispatch, toErrorResult, type Handlers } from './dispatch';
import { keychainOrPassphrase, shellKeychain, type AskShell } from './keychain-protector';
import { shellReplayWorkers } from './shell-replay';

/** The core's end of the channel to its shell: Electron's process.parentPort, or a worker thread's parentPort. */
export interface CoreEndpoint {
  post(message: FromCore): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Ends this process or thread (after 'closed'). */
  exit(): void;
}

// How long the core waits after 'closed' for its shell to end it (a utility process never ends on its own).
const EXIT_AFTER_CLOSED_MS = 1000;

const taskArgs = {
  'report-build': z.object({ digest: z.string(), replayId: z.string().optional() }),
  'report-recorded': z.object({
    report: z.custom<ReplicationReport>((v) => typeof v === 'object' && v !== null),
    format: z.literal('pdf'),
    file: z.string(),
  }),
} satisfies Record<CoreTask, z.ZodTypeAny>;

/**
 * The core process (issue 14): on 'init' opens the store and wires the contract (createAppContext), then answers
 * each 'call' through dispatch (the contract's parse, then the use case) as a Result, several at a time; on
 * 'close' settles its jobs, closes the store (final snapshot, lock released) and says 'closed'.
 */
export function serveCore(endpoint: CoreEndpoint): void {
  let started: Promise<{ context: AppContext; handlers: Handlers } | null> | null = null;
  let closing: Promise<void> | null = null;
  let replays: ReturnType<typeof shellReplayWorkers> | null = null;
  const asks = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextAsk = 1;
  const ask: AskShell = <T>(name: 'keychain-protect' | 'keychain-unprotect', args: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = nextAsk++;
      asks.set(id, { resolve: resolve as (value: unknown) => void, reject });
      endpoint.post({ type: 'ask', id, ask: name, args });
    });

  async function start(rawInit: unknown): Promise<{ context: AppContext; handlers: Handlers } | null> {
    try {
      const init = coreInitSchema.parse(rawInit);
      replays = init.replaysInShell ? shellReplayWorkers((m) => endpoint.post(m)) : null;
      const keyProtection = init.keyProtection;
      const context = await createAppContext({
        storeDir: init.storeDir,
        host: init.host,
        keyProtection,
        keyProtector:
          init.keychainInShell && keyProtection ? keychainOrPassphrase(keyProtection, shellKeychain(ask)) : undefined,
        spawnReplayWorker: replays?.spawn,
        replayWorkerScript: init.replayWorkerScript,
      });
      // The full chain check in a thread of its own, so it holds no other request (chain-check-thread.ts).
      const handlers: Handlers = { ...context.handlers, 'audit:verify': threadedChainCheck(context.store) };
      endpoint.post({ type: 'ready', pid: process.pid });
      return { context, handlers };
    } catch (error) {
      const failure = toErrorResult(error);
      endpoint.post({
        type: 'start-failed',
        error: failure.ok ? { code: 'internal', message: 'failed' } : failure.error,
      });
      return null;
    }
  }

  async function call(id: number, channel: string, request: unknown): Promise<void> {
    const core = await started;
    const result = core ? await dispatch(core.handlers, channel, request) : err('internal', 'the core did not start');
    answer(id, result);
  }

  async function task(id: number, name: CoreTask, rawArgs: unknown): Promise<void> {
    const core = await started;
    let result: Result<unknown>;
    try {
      if (!core) throw new CodedError('internal', 'the core did not start');
      result = { ok: true, value: runTask(core.context, name, rawArgs) };
    } catch (error) {
      result = toErrorResult(error);
    }
    answer(id, result);
  }

  function answer(id: number, result: Result<unknown>): void {
    try {
      endpoint.post({ type: 'result', id, result });
    } catch (error) {
      // A value structured clone cannot carry is a bug here, reported as such rather than lost.
      endpoint.post({
        type: 'result',
        id,
        result: err('internal', `the answer could not be sent: ${(error as Error).message}`),
      });
    }
  }

  async function close(): Promise<void> {
    closing ??= (async () => {
      const core = await started;
      await core?.context.close();
    })();
    try {
      await closing;
    } finally {
      endpoint.post({ type: 'closed' });
      setTimeout(() => endpoint.exit(), EXIT_AFTER_CLOSED_MS);
    }
  }

  endpoint.onMessage((raw) => {
    const parsed = toCoreSchema.safeParse(raw);
    if (!parsed.success) {
      process.stderr.write(
        `core: dropped a message that is not part of the protocol (${parsed.error.issues[0]?.message ?? 'invalid'})\n`,
      );
      return;
    }
    const m = parsed.data;
    if (m.type === 'init') started ??= start(m.init);
    else if (m.type === 'call') void call(m.id, m.channel, m.request);
    else if (m.type === 'task') void task(m.id, m.task, m.args);
    else if (m.type === 'answer') {
      const pending = asks.get(m.id);
      asks.delete(m.id);
      if (m.result.ok) pending?.resolve(m.result.value);
      else pending?.reject(new CodedError(m.result.error.code, m.result.error.message, m.result.error.details));
    } else if (m.type === 'replay-event') replays?.onEvent(m.worker, m.event);
    else if (m.type === 'close') void close();
  });
}

function runTask<T extends CoreTask>(context: AppContext, name: T, rawArgs: unknown): CoreTasks[T]['value'] {
  if (name === 'report-build') {
    const { digest, replayId } = taskArgs['report-build'].parse(rawArgs);
    const built = buildReport(context.store, digest, {
      actor: context.actor,
      appVersion: appVersion(),
      ...(replayId ? { replayId } : {}),
    });
    return built as CoreTasks[T]['value'];
  }
  const { report, file } = taskArgs['report-recorded'].parse(rawArgs);
  recordReportProduced(context.store, context.actor, report, 'pdf', file);
  return null as CoreTasks[T]['value'];
}
