import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { CodedError } from '../../common/result';
import { type BlobStore, createBlobStore } from './blob-store';
import { fsyncDir } from './file-io';
import { JOURNAL_HEADER_BYTES, JournalWriter, type RecordedStatement } from './journal';
import { migrate, readSchemaVersion } from './migrate';
import type { SqlDb } from './sql-db';
import { type SqlValue, encodeParams } from './sql-params';
import { journalFile, listGenerations, snapshotFile, writeSnapshot } from './snapshot';
import type { Migration, Store, StoreInfo, StoreOptions, Tx } from './store-api';
import type { LoadedState } from './store-load';
import type { StoreLock } from './store-lock';

function ioError(what: string, e: unknown): CodedError {
  const err = e as NodeJS.ErrnoException;
  if (err instanceof CodedError) return err;
  return new CodedError('io-error', `${what}: ${err.message}`, err.code ? { errno: err.code } : undefined);
}

/** The store over one in-memory sql.js database, its journal and its snapshot generations. */
export class SqlStore implements Store {
  schemaVersion = 0;
  storeId = '';
  recovery: Store['recovery'] = null;
  readonly blobs: BlobStore;
  private journal: JournalWriter | null = null;
  private inTx = false;
  private closed = false;
  private memoryOnly = false;
  private lastSnapshotError: string | null = null;
  private nextSnapshotAt: number;
  private txnSeq: number;
  private baseGen: number;
  private maxGen: number;

  constructor(
    readonly dir: string,
    private readonly sql: SqlDb,
    loaded: LoadedState,
    readonly readOnly: boolean,
    private readonly lock: StoreLock | null,
    private readonly opts: Required<Pick<StoreOptions, 'snapshotJournalBytes' | 'snapshotOnClose' | 'fileIo' | 'now'>>,
  ) {
    this.txnSeq = loaded.txnSeq;
    this.baseGen = loaded.baseGen;
    this.maxGen = loaded.maxGen;
    this.nextSnapshotAt = opts.snapshotJournalBytes;
    this.blobs = createBlobStore(dir, readOnly);
    if (!readOnly && loaded.active && !loaded.recovery) {
      const { gen, validBytes } = loaded.active;
      this.journal = JournalWriter.openExisting(journalFile(dir, gen), gen, validBytes, opts.fileIo);
    }
    // A crash between a snapshot and its pruning leaves a generation too many; a clean open keeps, as a snapshot
    // does, the previous good snapshot and every journal after it. After a recovery everything stays for inspection.
    if (!readOnly && !loaded.recovery) {
      const older = listGenerations(dir).snapshots.filter((g) => g < this.baseGen);
      if (older.length > 1) this.prune(older[older.length - 1]!);
    }
  }

  all<T = Record<string, unknown>>(sql: string, params?: SqlValue[]): T[] {
    this.assertOpen();
    return this.sql.all<T>(sql, params);
  }
  get<T = Record<string, unknown>>(sql: string, params?: SqlValue[]): T | undefined {
    this.assertOpen();
    return this.sql.get<T>(sql, params);
  }
  iterate(sql: string, params: SqlValue[] | undefined, onRow: (row: SqlValue[]) => void): void {
    this.assertOpen();
    this.sql.iterate(sql, params, onRow);
  }

  private assertOpen(): void {
    if (this.closed) throw new CodedError('internal', 'the store is closed');
  }
  private assertWritable(): void {
    this.assertOpen();
    if (this.readOnly && !this.memoryOnly)
      throw new CodedError('refused', `the store at ${this.dir} is open read-only`);
    if (this.inTx) throw new CodedError('internal', 'transactions do not nest; use the outer Tx');
  }

  now(): Date {
    return this.opts.now();
  }

  transaction<T>(fn: (tx: Tx) => T): T {
    this.assertWritable();
    const statements: RecordedStatement[] = [];
    const sql = this.sql;
    const tx: Tx = {
      all: (text, params) => sql.all(text, params),
      get: (text, params) => sql.get(text, params),
      iterate: (text, params, onRow) => sql.iterate(text, params, onRow),
      run: (text, params) => {
        const encoded = params && params.length > 0 ? encodeParams(params) : undefined;
        const result = sql.run(text, params);
        statements.push(encoded ? [text, encoded] : [text]); // only statements that succeeded
        return result;
      },
      now: () => this.opts.now(),
    };
    sql.exec('BEGIN');
    this.inTx = true;
    let result: T;
    try {
      result = fn(tx);
      if (result instanceof Promise) throw new CodedError('internal', 'a transaction callback must be synchronous');
    } catch (e) {
      this.rollback();
      throw e;
    } finally {
      this.inTx = false;
    }
    if (statements.length === 0 || this.memoryOnly) {
      sql.exec('COMMIT');
      return result;
    }
    const seq = this.txnSeq + 1;
    const journal = (() => {
      try {
        return this.ensureJournal();
      } catch (e) {
        this.rollback();
        throw ioError('could not save the change (nothing was written)', e);
      }
    })();
    const before = journal.size;
    try {
      journal.append({ seq, statements });
    } catch (e) {
      this.rollback();
      throw ioError('could not save the change (nothing was written)', e);
    }
    try {
      sql.exec('COMMIT');
    } catch (e) {
      // e.g. a deferred constraint: memory rolls back, so the record must go too or replay would diverge.
      this.rollback();
      journal.undoLast(before);
      throw e;
    }
    this.txnSeq = seq;
    if (this.journal && this.journal.size >= this.nextSnapshotAt) this.autoSnapshot();
    return result;
  }

  private rollback(): void {
    try {
      this.sql.exec('ROLLBACK');
    } catch {
      /* SQLite already rolled back (e.g. after a constraint with ON CONFLICT ROLLBACK) */
    }
  }

  private ensureJournal(): JournalWriter {
    if (!this.journal) {
      const gen = Math.max(this.maxGen, this.baseGen);
      this.journal = JournalWriter.create(journalFile(this.dir, gen), gen, this.opts.fileIo);
      fsyncDir(this.dir);
    }
    return this.journal;
  }

  /** The commit is already durable; a failed snapshot only delays the next one. */
  private autoSnapshot(): void {
    try {
      this.snapshot();
    } catch (e) {
      this.lastSnapshotError = (e as Error).message;
      this.nextSnapshotAt = (this.journal?.size ?? 0) + this.opts.snapshotJournalBytes;
    }
  }

  snapshot(): void {
    this.assertWritable();
    if (this.memoryOnly) return;
    const gen = this.maxGen + 1;
    const image = this.sql.db.export();
    // The next journal exists before the snapshot that starts it; a crash in between leaves an empty journal.
    let next: JournalWriter;
    try {
      next = JournalWriter.create(journalFile(this.dir, gen), gen, this.opts.fileIo);
    } catch (e) {
      throw ioError('could not start a new journal', e);
    }
    try {
      writeSnapshot(this.dir, gen, this.txnSeq, image, this.opts.fileIo, this.opts.now());
    } catch (e) {
      next.close();
      fs.rmSync(journalFile(this.dir, gen), { force: true });
      throw ioError('could not write a snapshot', e);
    }
    this.journal?.close();
    this.journal = next;
    const keepFrom = this.baseGen; // the previous good snapshot and every journal after it
    this.baseGen = gen;
    this.maxGen = gen;
    this.lastSnapshotError = null;
    this.nextSnapshotAt = this.opts.snapshotJournalBytes;
    this.prune(keepFrom);
  }

  private prune(keepFrom: number): void {
    try {
      const gens = listGenerations(this.dir);
      for (const g of gens.snapshots) if (g < keepFrom) fs.rmSync(snapshotFile(this.dir, g), { force: true });
      for (const g of gens.journals) if (g < keepFrom) fs.rmSync(journalFile(this.dir, g), { force: true });
      fsyncDir(this.dir);
    } catch {
      /* old generations left behind are harmless; the next snapshot retries */
    }
  }

  info(): StoreInfo {
    return {
      generation: this.baseGen,
      journalBytes: this.journal?.size ?? 0,
      txnSeq: this.txnSeq,
      lastSnapshotError: this.lastSnapshotError,
    };
  }

  /** Closes without writing anything (an open that was refused). */
  abandon(): void {
    if (this.closed) return;
    this.closed = true;
    this.journal?.close();
    this.sql.close();
    this.lock?.release();
  }

  close(): void {
    if (this.closed) return;
    let failure: unknown = null;
    try {
      if (!this.readOnly && this.opts.snapshotOnClose && this.journal && this.journal.size > JOURNAL_HEADER_BYTES)
        this.snapshot();
    } catch (e) {
      failure = e; // the journal still holds every commit
    } finally {
      this.closed = true;
      this.journal?.close();
      this.sql.close();
      this.lock?.release();
    }
    if (failure) throw failure;
  }

  /** Opening steps that write: recovery snapshot, migrations, store id, recovery audit entry. */
  init(loaded: LoadedState, list: readonly Migration[], onRecovered?: StoreOptions['onRecovered']): void {
    if (!this.readOnly) {
      for (const f of loaded.damaged) fs.renameSync(f, `${f}.corrupt-${Date.now()}`);
      if (loaded.recovery) this.snapshot(); // make the recovered state the new base at once
    }
    this.memoryOnly = this.readOnly; // a read-only open of an older schema migrates in memory only
    try {
      migrate(this.sql, (fn) => this.transaction(fn), list);
      this.schemaVersion = readSchemaVersion(this.sql);
      let id = this.sql.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'store_id'`)?.value;
      if (!id) {
        id = randomUUID();
        this.transaction((tx) => tx.run(`INSERT INTO meta (key, value) VALUES ('store_id', ?)`, [id!]));
      }
      this.storeId = id;
    } finally {
      this.memoryOnly = false;
    }
    if (loaded.recovery) {
      this.recovery = { recovered: true, detail: loaded.recovery.detail };
      if (!this.readOnly) {
        const r = loaded.recovery;
        const recorded = {
          detail: r.detail,
          skippedSnapshots: r.skippedSnapshots,
          lost: r.lost,
          baseGeneration: loaded.baseGen,
          replayed: loaded.replayed,
        };
        if (onRecovered) this.transaction((tx) => onRecovered(tx, recorded));
      }
    }
  }
}
