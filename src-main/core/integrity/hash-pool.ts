import { Worker } from 'node:worker_threads';
import { hashFileInline, InlineHashStream } from './hash-inline';
import { HASH_WORKER_SOURCE } from './hash-worker-source';

export interface HashResult {
  size: number;
  digests: Record<string, string>;
  crc32?: number;
}

/** A failure reported by a worker; `code` is the Node error code (ENOENT, ENOSPC, ECANCELLED, …). */
export class HashError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'HashError';
  }
}

const READ_CHUNK = 1024 * 1024; // large reads: few syscalls, still cache-friendly
const BATCH = 1024 * 1024; // streamed bytes are batched so each postMessage carries a useful amount
const MAX_IN_FLIGHT = 8 * 1024 * 1024; // per stream: bounds memory when the worker is slower than inflate

/**
 * A bag with at most this many bytes to hash is hashed on the calling thread (`new HashPool('inline')`): a worker
 * takes longer to start than these bytes take to hash, and `provdesk verify` of a small bag is mostly startup
 * (issue 16).
 */
export const INLINE_HASH_BYTES = 8 * 1024 * 1024;

/** One entry's bytes on their way to be hashed: by a worker (WorkerHashStream) or on this thread. */
export interface HashStream {
  write(chunk: Buffer): Promise<void>;
  end(): Promise<HashResult>;
  discard(): void;
}

interface Slot {
  worker: Worker;
  fileBusy: boolean;
  streams: number;
  dead: Error | null;
}
interface Pending {
  slot: Slot;
  resolve: (r: HashResult) => void;
  reject: (e: Error) => void;
  onAck?: (bytes: number) => void;
}
interface FileTask {
  src: string;
  dst: string | null;
  algorithms: string[];
  resolve: (r: HashResult) => void;
  reject: (e: Error) => void;
}

/**
 * Hashing off the main thread: `threads` workers, files spread across them (parallel across files),
 * or byte streams fed from the main thread. `onBytes` receives progress as bytes are hashed. With `'inline'`, no
 * worker: files are hashed one at a time on this thread (for a bag under INLINE_HASH_BYTES).
 */
export class HashPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly queue: FileTask[] = [];
  private readonly abortFlag = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;
  private idleWaiters: (() => void)[] = [];
  private readonly spare: ArrayBuffer[] = [];
  private readonly inline: boolean;
  private inlineBusy = 0; // files and streams in progress on this thread
  private inlineRunning = false;
  private inlineBuffer: Buffer | null = null;

  constructor(
    threads: number | 'inline',
    private readonly onBytes: (bytes: number) => void = () => {},
    private readonly onFile: () => void = () => {},
  ) {
    this.inline = threads === 'inline';
    const workers = threads === 'inline' ? 0 : Math.max(1, threads);
    for (let i = 0; i < workers; i++) {
      const worker = new Worker(HASH_WORKER_SOURCE, {
        eval: true,
        workerData: { abort: this.abortFlag.buffer, chunk: READ_CHUNK },
      });
      const slot: Slot = { worker, fileBusy: false, streams: 0, dead: null };
      worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
      worker.on('error', (e) => this.onDeath(slot, e));
      worker.on('exit', (code) => this.onDeath(slot, new Error(`hash worker exited with code ${code}`)));
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Hashes a file with every algorithm given; with `dst`, copies it there in the same pass. */
  hashFile(src: string, dst: string | null, algorithms: string[]): Promise<HashResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ src, dst, algorithms, resolve, reject });
      this.dispatch();
    });
  }

  /** A stream of bytes hashed (and CRC-32'd, and written to `dst` when given) by one worker. */
  stream(dst: string | null, algorithms: string[]): HashStream {
    if (this.inline) return this.inlineStream(dst, algorithms);
    const slot = this.slots.filter((s) => !s.dead).sort((a, b) => a.streams - b.streams)[0];
    if (!slot) throw new HashError('no hash worker is running', 'EWORKER');
    slot.streams++;
    const id = this.nextId++;
    return new WorkerHashStream(this, slot, id, dst, algorithms);
  }

  private inlineStream(dst: string | null, algorithms: string[]): HashStream {
    this.inlineBusy++;
    const stream = new InlineHashStream(dst, algorithms, this.inlineHooks(), () => this.inlineDone());
    return {
      write: (chunk) => stream.write(chunk).catch(rethrowAsHashError),
      end: () =>
        stream.end().then((r) => {
          this.onFile();
          return r;
        }, rethrowAsHashError),
      discard: () => stream.discard(),
    };
  }

  private inlineHooks() {
    return {
      aborted: () => Atomics.load(this.abortFlag, 0) !== 0,
      onBytes: this.onBytes,
      buffer: () => (this.inlineBuffer ??= Buffer.allocUnsafeSlow(READ_CHUNK)),
    };
  }

  private inlineDone(): void {
    this.inlineBusy--;
    if (this.pending.size === 0 && this.inlineBusy === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** The queued files, one at a time on this thread (the worker pool's one file per worker). */
  private async runInline(): Promise<void> {
    if (this.inlineRunning) return;
    this.inlineRunning = true;
    try {
      for (let task = this.queue.shift(); task; task = this.queue.shift()) {
        this.inlineBusy++;
        try {
          const r = await hashFileInline(task.src, task.dst, task.algorithms, this.inlineHooks());
          this.onFile();
          task.resolve(r);
        } catch (e) {
          task.reject(asHashError(e));
        } finally {
          this.inlineDone();
        }
      }
    } finally {
      this.inlineRunning = false;
    }
  }

  /** Stops work in progress: files being read stop at the next chunk and their partial copies are deleted. */
  abort(): void {
    Atomics.store(this.abortFlag, 0, 1);
    for (const task of this.queue.splice(0)) task.reject(new HashError('cancelled', 'ECANCELLED'));
  }

  /** Resolves once no file or stream is in progress (after abort, workers clean up and reply quickly). */
  idle(timeoutMs = 10_000): Promise<void> {
    if (this.pending.size === 0 && this.inlineBusy === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private settle(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0 && this.inlineBusy === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /** @internal A 1 MiB batch buffer, reused once a worker hands it back. */
  takeBuffer(): Buffer {
    const ab = this.spare.pop();
    return ab ? Buffer.from(ab) : Buffer.allocUnsafeSlow(BATCH);
  }

  /** @internal */
  register(id: number, p: Pending): void {
    this.pending.set(id, p);
  }

  /** @internal */
  post(slot: Slot, message: unknown, transfer?: ArrayBuffer[]): void {
    if (slot.dead) throw slot.dead;
    slot.worker.postMessage(message, transfer);
  }

  /** @internal */
  release(slot: Slot): void {
    slot.streams--;
  }

  private dispatch(): void {
    if (this.inline) {
      void this.runInline();
      return;
    }
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.fileBusy || slot.dead) continue;
      const task = this.queue.shift()!;
      const id = this.nextId++;
      slot.fileBusy = true;
      this.pending.set(id, {
        slot,
        resolve: (r) => {
          slot.fileBusy = false;
          task.resolve(r);
          this.dispatch();
        },
        reject: (e) => {
          slot.fileBusy = false;
          task.reject(e);
          this.dispatch();
        },
      });
      slot.worker.postMessage({ type: 'file', id, src: task.src, dst: task.dst, algorithms: task.algorithms });
    }
    if (this.queue.length > 0 && this.slots.every((s) => s.dead)) {
      for (const task of this.queue.splice(0)) task.reject(new HashError('no hash worker is running', 'EWORKER'));
    }
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    const p = this.pending.get(m.id);
    if (m.type === 'progress') this.onBytes(m.bytes);
    else if (m.type === 'ack') {
      if (m.data && this.spare.length < 64) this.spare.push(m.data);
      this.onBytes(m.bytes);
      p?.onAck?.(m.bytes);
    } else if (m.type === 'done') {
      this.settle(m.id);
      this.onFile();
      p?.resolve({ size: m.size, digests: m.digests, ...(m.crc32 !== undefined ? { crc32: m.crc32 } : {}) });
    } else if (m.type === 'error') {
      this.settle(m.id);
      p?.reject(new HashError(m.message, m.code));
    } else if (m.type === 'discarded') {
      this.settle(m.id);
      p?.reject(new HashError('discarded', 'ECANCELLED'));
    }
    void slot;
  }

  private onDeath(slot: Slot, e: Error): void {
    if (slot.dead) return;
    slot.dead = e;
    for (const [id, p] of this.pending) {
      if (p.slot !== slot) continue;
      this.settle(id);
      p.reject(new HashError(`hash worker stopped: ${e.message}`, 'EWORKER'));
    }
    this.dispatch();
  }
}

type WorkerMessage =
  | { type: 'progress'; id: number; bytes: number }
  | { type: 'ack'; id: number; bytes: number; data?: ArrayBuffer }
  | { type: 'done'; id: number; size: number; digests: Record<string, string>; crc32?: number }
  | { type: 'error'; id: number; message: string; code?: string }
  | { type: 'discarded'; id: number };

const asHashError = (e: unknown): HashError =>
  e instanceof HashError
    ? e
    : new HashError(String((e as Error | undefined)?.message ?? e), (e as NodeJS.ErrnoException | undefined)?.code);
const rethrowAsHashError = (e: unknown): never => {
  throw asHashError(e);
};

/** Bytes of one zip entry on their way to a worker: batched, transferred (not copied), with backpressure. */
class WorkerHashStream implements HashStream {
  private batch: Buffer | null = null;
  private fill = 0;
  private inFlight = 0;
  private waiter: (() => void) | null = null;
  private readonly result: Promise<HashResult>;
  private failure: Error | null = null;
  private closed = false;

  constructor(
    private readonly pool: HashPool,
    private readonly slot: Slot,
    private readonly id: number,
    dst: string | null,
    algorithms: string[],
  ) {
    this.result = new Promise<HashResult>((resolve, reject) => {
      pool.register(id, {
        slot,
        resolve,
        reject: (e) => {
          this.failure = e;
          this.wake();
          reject(e);
        },
        onAck: (bytes) => {
          this.inFlight -= bytes;
          if (this.inFlight <= MAX_IN_FLIGHT) this.wake();
        },
      });
    });
    this.result.catch(() => {}); // observed through end()
    pool.post(slot, { type: 'begin', id, dst, algorithms });
  }

  async write(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.failure) throw this.failure;
      if (!this.batch) {
        this.batch = this.pool.takeBuffer();
        this.fill = 0;
      }
      const n = chunk.copy(this.batch, this.fill, offset);
      offset += n;
      this.fill += n;
      if (this.fill === BATCH) await this.flush();
    }
  }

  async end(): Promise<HashResult> {
    await this.flush();
    this.finishOnce('end');
    return this.result;
  }

  /** Abandons the stream; the worker deletes its partial output. */
  discard(): void {
    this.finishOnce('discard');
  }

  private finishOnce(type: 'end' | 'discard'): void {
    if (this.closed) return;
    this.closed = true;
    this.pool.release(this.slot);
    try {
      this.pool.post(this.slot, { type, id: this.id });
    } catch {
      /* worker gone: nothing to clean */
    }
  }

  private async flush(): Promise<void> {
    if (!this.batch || this.fill === 0) return;
    const data = this.batch.buffer as ArrayBuffer;
    const length = this.fill;
    this.batch = null;
    this.fill = 0;
    this.inFlight += length;
    this.pool.post(this.slot, { type: 'chunk', id: this.id, data, length }, [data]);
    while (this.inFlight > MAX_IN_FLIGHT && !this.failure) await new Promise<void>((r) => (this.waiter = r));
    if (this.failure) throw this.failure;
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
}
