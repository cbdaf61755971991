/**
 * The IPC boundary for renderer store tests: `call` records each request and answers when the test says, so a test
 * can let a newer request answer before an older one. Use with
 * `vi.mock('../../../src-renderer/api/client', async () => (await import('./api-stub')).client)`.
 */

export interface Deferred {
  promise: Promise<unknown>;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

export function deferred(): Deferred {
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<unknown>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const calls: { channel: string; request: unknown; answer: Deferred }[] = [];

/** The requests sent on one channel so far, oldest first. */
export const pending = (channel: string) => calls.filter((c) => c.channel === channel);
export const requests = (channel: string) => pending(channel).map((c) => c.request);
/** The newest request on a channel (throws when there is none, so a missing call fails loudly). */
export function last(channel: string) {
  const p = pending(channel);
  const c = p[p.length - 1];
  if (!c) throw new Error(`no ${channel} request`);
  return c;
}

/** Lets answered promises run their continuations. */
export const flush = () => new Promise<void>((r) => setTimeout(r, 0));

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const client = {
  ApiError,
  call: (channel: string, request: unknown) => {
    const answer = deferred();
    calls.push({ channel, request, answer });
    return answer.promise;
  },
  importableFile: async (file: { name: string }) => ({ path: `/uploads/${file.name}`, name: file.name }),
  hostKind: 'preview',
  canPickNativeFile: false,
};
