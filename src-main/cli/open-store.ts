import { openStore, type Store } from '../core/store/store';
import { defaultStoreDir } from '../core/services/app-paths';
import type { GlobalOptions } from './output';
import path from 'node:path';

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
