import { z } from 'zod';
import type { AppError, Result } from '../../common/result';
import { keyProtectionSchema } from '../../common/schemas/key-protection';
import type { ReplicationReport } from '../../common/schemas/report';
import type { WorkerMessage, ParentMessage } from '../replay/protocol';

/**
 * The messages between the shell (Electron's main process, the preview host's thread: windows, dialogs,
 * transport, sender and token checks) and the core process (Electron's utilityProcess, a worker thread in the
 * host), carried by structured clone. A contract call is `call` → `result` by id; the core parses the request
 * against the contract again (the shell's check is a gate, not a promise). The core asks the shell for what
 * only the shell has (the keychain) with `ask` → `answer`, and in Electron for replay workers (a utility
 * process cannot fork another one).
 */

export const coreInitSchema = z.object({
  storeDir: z.string().min(1),
  host: z.enum(['electron', 'preview']),
  /** How new keys are kept (Electron: chosen from safeStorage's facts); default a passphrase. */
  keyProtection: keyProtectionSchema.optional(),
  /** The system keychain is the shell's (Electron's safeStorage): the core asks for it. */
  keychainInShell: z.boolean().default(false),
  /** Replay workers are started by the shell (Electron's utilityProcess); otherwise the core forks them. */
  replaysInShell: z.boolean().default(false),
  /** Tests: the replay worker script the core forks. */
  replayWorkerScript: z.string().optional(),
});
export type CoreInit = z.input<typeof coreInitSchema>;

/** What a replay worker the shell runs for the core did, relayed in order. */
export type ReplayEvent =
  | { kind: 'spawned'; pid: number | undefined }
  | { kind: 'message'; message: WorkerMessage }
  | { kind: 'stderr'; text: string }
  | { kind: 'error'; message: string }
  | { kind: 'exit'; code: number | null; signal: string | null };

/** Work for the shell's own channels (report:pdf prints in a window; the core builds and records). */
export interface CoreTasks {
  'report-build': {
    args: { digest: string; replayId?: string | undefined };
    value: { fileName: string; html: string; report: ReplicationReport };
  };
  'report-recorded': { args: { report: ReplicationReport; format: 'pdf'; file: string }; value: null };
}
export type CoreTask = keyof CoreTasks;
export const coreTasks: readonly CoreTask[] = ['report-build', 'report-recorded'];

/** What the core may ask of the shell. */
export interface CoreAsks {
  'keychain-protect': { args: { secret: Uint8Array; associated: string }; value: Record<string, unknown> };
  'keychain-unprotect': { args: { stored: Record<string, unknown>; associated: string }; value: Uint8Array };
}
export type CoreAsk = keyof CoreAsks;

/** Shell → core. Parsed by the core: an envelope that does not fit is dropped with a note on stderr. */
export const toCoreSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('init'), init: coreInitSchema }),
  z.object({ type: z.literal('call'), id: z.number().int(), channel: z.string(), request: z.unknown() }),
  z.object({
    type: z.literal('task'),
    id: z.number().int(),
    task: z.enum(coreTasks as [CoreTask, ...CoreTask[]]),
    args: z.unknown(),
  }),
  z.object({
    type: z.literal('answer'),
    id: z.number().int(),
    result: z.custom<Result<unknown>>((v) => typeof v === 'object' && v !== null && 'ok' in v),
  }),
  z.object({
    type: z.literal('replay-event'),
    worker: z.number().int(),
    event: z.custom<ReplayEvent>((v) => typeof v === 'object' && v !== null && 'kind' in v),
  }),
  z.object({ type: z.literal('close') }),
]);
export type ToCore = z.input<typeof toCoreSchema>;

/** Core → shell. */
export type FromCore =
  | { type: 'ready'; pid: number }
  | { type: 'start-failed'; error: AppError }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'ask'; id: number; ask: CoreAsk; args: unknown }
  | { type: 'replay-spawn'; worker: number; script: string; execArgv: string[]; env: NodeJS.ProcessEnv }
  | { type: 'replay-send'; worker: number; message: ParentMessage }
  | { type: 'replay-kill'; worker: number }
  | { type: 'closed' };
