import type { BlobStore } from './blob-store';
import type { FileIo } from './file-io';
import type { SqlValue } from './sql-params';

export interface ReadApi {
  all<T = Record<string, unknown>>(sql: string, params?: SqlValue[]): T[];
  get<T = Record<string, unknown>>(sql: string, params?: SqlValue[]): T | undefined;
  /** Fast row-array iteration (no object per row); the row array must not be kept. */
  iterate?(sql: string, params: SqlValue[] | undefined, onRow: (row: SqlValue[]) => void): void;
}
export interface Tx extends ReadApi {
  /** Runs and records one write. Must be deterministic: compute times, ids and randomness in JS. */
  run(sql: string, params?: SqlValue[]): { changes: number };
  /** The store's clock (StoreOptions.now), so entries written in a transaction share one time source. */
  now(): Date;
}
/**
 * One schema step. Files are immutable once shipped: a change is a new file with the next version.
 * `up` runs inside the store's journaled transaction, so it must be deterministic (no datetime('now'),
 * no random()); values come from JS as parameters.
 */
export interface Migration {
  version: number;
  name: string;
  up(tx: Tx): void;
}
/** What an open found when it had to fall back past a damaged snapshot or journal (see store.ts). */
export interface StoreRecovery {
  detail: string;
  skippedSnapshots: number[];
  lost: boolean;
  baseGeneration: number;
  replayed: number;
}
export interface StoreOptions {
  readOnly?: boolean;
  now?: () => Date;
  /** Journal size that triggers a snapshot after a commit (default 16 MiB). */
  snapshotJournalBytes?: number;
  /** Write a snapshot on close when the journal is not empty (default true). */
  snapshotOnClose?: boolean;
  /** Test seam: the file writes whose failure must be survived. */
  fileIo?: FileIo;
  /** Test seam: the migration list (default: all of migrations/index.ts). */
  migrations?: readonly Migration[];
  /**
   * Records a recovery in the transaction that follows it (a writable open only). The store is the bottom layer and
   * knows no audit log: core/services' openStore passes the audit entry ('store.recovered') in from above.
   */
  onRecovered?: (tx: Tx, recovery: StoreRecovery) => void;
}
export interface StoreInfo {
  generation: number;
  journalBytes: number;
  txnSeq: number;
  lastSnapshotError: string | null;
}
export interface Store extends ReadApi {
  readonly dir: string;
  readonly schemaVersion: number;
  readonly storeId: string;
  readonly recovery: { recovered: boolean; detail: string } | null;
  readonly blobs: BlobStore;
  readonly readOnly: boolean;
  transaction<T>(fn: (tx: Tx) => T): T;
  /** The clock transactions read (tx.now()), for a stored time taken before its transaction, e.g. a replay's start. */
  now(): Date;
  snapshot(): void;
  info(): StoreInfo;
  close(): void;
}
