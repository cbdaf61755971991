import { openStore, type Store } from '../core/store/store';
import { defaultStoreDir } from '../core/services/app-paths';
import type { GlobalOptions } from './output';
import path from 'node:path';
import fs from 'node:fs';
import { CodedError } from '../common/result';
import { listGenerations } from '../core/store/snapshot';

export function storeDirOf(options: GlobalOptions): string {
  return options.store ? path.resolve(options.store) : defaultStoreDir();
}

/** Runs a command against the store and always closes it (which releases the single-instance lock). */
export async function withStore<T>(options: GlobalOptions, work: (store: Store) => Promise<T> | T, readOnly = false): Promise<T> {
  const store = await openStore(storeDirOf(options), { readOnly });
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

/**
 * `audit verify`: the store opened for writing when it exists and no one holds it, so the check moves the
 * verified-through mark; beside a running app (or on a folder that is no store) read-only, the mark left as is.
 */
export async function withStoreForVerify<T>(options: GlobalOptions, work: (store: Store) => Promise<T> | T): Promise<T> {
  const dir = storeDirOf(options);
  const held = fs.existsSync(dir) ? listGenerations(dir) : null;
  if (!held || held.snapshots.length + held.journals.length === 0) return withStore(options, work, true);
  let store: Store;
  try {
    store = await openStore(dir, { snapshotOnClose: false });
  } catch (e) {
    if (!(e instanceof CodedError && e.code === 'store-locked')) throw e;
    return withStore(options, work, true);
  }
  try {
    return await work(store);
  } finally {
    store.close();
  }
}
