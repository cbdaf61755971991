import path from 'node:path';
import { defaultStoreDir } from '../core/services/app-paths';
import type { Store } from '../core/services/store-session';
import type { GlobalOptions } from './output';

/** The store folder of this run: --store, else PROVDESK_STORE, else the desktop app's. */
export function storeDirOf(options: GlobalOptions): string {
  return options.store ? path.resolve(options.store) : defaultStoreDir();
}

// The store (sql.js, migrations, the audit log) is imported when a command opens it, not when it loads: `verify` names
// the store folder without opening it for an unsigned bundle (issue 16).

/** Runs a command against the store and always closes it (which releases the single-instance lock). */
export async function withStore<T>(
  options: GlobalOptions,
  work: (store: Store) => Promise<T> | T,
  readOnly = false,
): Promise<T> {
  const { withStore: withStoreAt } = await import('../core/services/store-session');
  return withStoreAt(storeDirOf(options), work, { readOnly });
}

/** `audit verify`: for writing when no one holds the store (the verified-through mark moves), else read-only. */
export async function withStoreForVerify<T>(
  options: GlobalOptions,
  work: (store: Store) => Promise<T> | T,
): Promise<T> {
  const { withStoreForVerify: withStoreForVerifyAt } = await import('../core/services/store-session');
  return withStoreForVerifyAt(storeDirOf(options), work);
}
