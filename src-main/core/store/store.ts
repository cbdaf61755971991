/**
 * The durable store: one sql.js database in memory, made durable without exporting it per commit.
 *
 * - transaction(): BEGIN, the callback's statements (each tx.run is recorded), then ONE framed record
 *   (length, crc32, JSON {seq, statements}) appended to journal-<gen>.log and fsync'd, then COMMIT in
 *   memory. If the append fails the transaction rolls back and throws io-error; nothing else changes.
 * - snapshot() (when the journal passes snapshotJournalBytes, and on close): journal-<gen+1> is created,
 *   then snapshot-<gen+1>.sqlite (header with SHA-256 of the image) via temp file, fsync, rename. The
 *   previous snapshot and every journal after it are kept, so a damaged newest snapshot falls back.
 * - open: newest valid snapshot + every later journal record in seq order; a torn tail is cut off; a
 *   skipped generation sets `recovery` and hands it to `onRecovered` (core/services' openStore writes the
 *   'store.recovered' audit entry: the store, at the bottom, knows no audit log).
 * - store.lock (O_EXCL, pid + host) keeps a second writer out; read-only opens take no lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../common/result';
import { nodeFileIo } from './file-io';
import { migrations as allMigrations } from './migrations/index';
import { loadSqlJs } from './sql-db';
import { listGenerations } from './snapshot';
import { SqlStore } from './sql-store';
import type { Store, StoreOptions } from './store-api';
import { type LoadedState, loadState } from './store-load';
import { acquireStoreLock } from './store-lock';

export type { SqlValue } from './sql-params';
export type { BlobStore } from './blob-store';
export type { Migration, ReadApi, Store, StoreInfo, StoreOptions, StoreRecovery, Tx } from './store-api';

// Bounds the journal replayed on an open after a crash (about 0.5 s at 8 MiB); a snapshot costs a blocking export.
export const DEFAULT_SNAPSHOT_BYTES = 8 * 1024 * 1024;

/** Opens (creating if absent) the store in `dir`. See DESIGN.md "store" and THREATS 21-24. */
export async function openStore(dir: string, options: StoreOptions = {}): Promise<Store> {
  const readOnly = options.readOnly ?? false;
  const abs = path.resolve(dir);
  if (readOnly) {
    if (!fs.existsSync(abs)) throw new CodedError('not-found', `no store at ${abs}`);
  } else {
    fs.mkdirSync(abs, { recursive: true, mode: 0o700 });
  }
  const SQL = await loadSqlJs();
  const lock = readOnly ? null : acquireStoreLock(abs);
  try {
    if (!readOnly) for (const t of listGenerations(abs).temps) fs.rmSync(t, { force: true });
    const loaded = loadWithRetry(abs, SQL, readOnly);
    const store = new SqlStore(abs, loaded.sql, loaded, readOnly, lock, {
      snapshotJournalBytes: options.snapshotJournalBytes ?? DEFAULT_SNAPSHOT_BYTES,
      snapshotOnClose: options.snapshotOnClose ?? true,
      fileIo: options.fileIo ?? nodeFileIo,
      now: options.now ?? (() => new Date()),
    });
    try {
      store.init(loaded, options.migrations ?? allMigrations, options.onRecovered);
    } catch (e) {
      store.abandon();
      throw e;
    }
    return store;
  } catch (e) {
    lock?.release();
    throw e;
  }
}

/** A read-only open races the writer's snapshot pruning; a vanished file means: look again. */
function loadWithRetry(dir: string, SQL: Awaited<ReturnType<typeof loadSqlJs>>, readOnly: boolean): LoadedState {
  for (let attempt = 0; ; attempt++) {
    try {
      return loadState(dir, SQL);
    } catch (e) {
      if (!readOnly || attempt >= 3 || (e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}
