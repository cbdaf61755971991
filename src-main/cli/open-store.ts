import path from 'node:path';
import { defaultStoreDir } from '../core/services/app-paths';
import {
  withStore as withStoreAt,
  withStoreForVerify as withStoreForVerifyAt,
  type Store,
} from '../core/services/store-session';
import type { GlobalOptions } from './output';

/** The store folder of this run: --store, else PROVDESK_STORE, else the desktop app's. */
export function storeDirOf(options: GlobalOptions): string {
  return options.store ? path.resolve(options.store) : defaultStoreDir();
}

/** Runs a command against the store and always closes it (which releases the single-instance lock). */
export function withStore<T>(
  options: GlobalOptions,
  work: (store: Store) => Promise<T> | T,
  readOnly = false,
): Promise<T> {
  return withStoreAt(storeDirOf(options), work, { readOnly });
}

/** `audit verify`: for writing when no one holds the store (the verified-through mark moves), else read-only. */
export function withStoreForVerify<T>(options: GlobalOptions, work: (store: Store) => Promise<T> | T): Promise<T> {
  return withStoreForVerifyAt(storeDirOf(options), work);
}
