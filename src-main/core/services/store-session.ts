import { existsSync } from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../common/result';
import { auditStoreRecovery } from '../audit/store-recovery';
import { listGenerations } from '../store/snapshot';
import { openStore as openStoreFile, type Store, type StoreOptions } from '../store/store';

export type { ReadApi, Store, Tx } from '../store/store';

/**
 * How every host opens a store: core/store's open, with a recovery at open recorded in the audit log
 * ('store.recovered'), which the store itself (the bottom layer) cannot write.
 */
export function openStore(dir: string, options: Omit<StoreOptions, 'onRecovered'> = {}): Promise<Store> {
  const abs = path.resolve(dir);
  return openStoreFile(abs, { ...options, onRecovered: (tx, recovery) => auditStoreRecovery(tx, abs, recovery) });
}

/** Runs `work` against the store and always closes it (which releases the single-instance lock). */
export async function withStore<T>(
  dir: string,
  work: (store: Store) => Promise<T> | T,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const store = await openStore(dir, { readOnly: options.readOnly ?? false });
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

/**
 * For a chain check: the store opened for writing when it exists and no one holds it, so the check moves the
 * verified-through mark; beside a running app (or on a folder that is no store) read-only, the mark left as is.
 */
export async function withStoreForVerify<T>(dir: string, work: (store: Store) => Promise<T> | T): Promise<T> {
  const held = existsSync(dir) ? listGenerations(dir) : null;
  if (!held || held.snapshots.length + held.journals.length === 0) return withStore(dir, work, { readOnly: true });
  let store: Store;
  try {
    store = await openStore(dir, { snapshotOnClose: false });
  } catch (e) {
    if (!(e instanceof CodedError && e.code === 'store-locked')) throw e;
    return withStore(dir, work, { readOnly: true });
  }
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

/**
 * A read-only look into a store that may not be there (a running app keeps its lock): `work`'s answer, or why
 * there was none to look into (no folder, or a store that cannot be read).
 */
export async function peekStore<T>(
  dir: string,
  work: (store: Store) => T | Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; missed: string }> {
  if (!existsSync(dir)) return { ok: false, missed: `there is no store at ${dir}` };
  let store: Store;
  try {
    store = await openStore(dir, { readOnly: true });
  } catch (e) {
    return {
      ok: false,
      missed: `the store at ${dir} could not be read (${e instanceof Error ? e.message : String(e)})`,
    };
  }
  try {
    return { ok: true, value: await work(store) };
  } finally {
    store.close();
  }
}
