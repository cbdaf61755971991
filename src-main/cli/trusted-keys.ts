import { existsSync } from 'node:fs';
import path from 'node:path';
import { authorshipKeys } from '../core/governance/signature-trust';
import type { TrustedKey } from '../core/governance/team-file';
import { openStore } from '../core/store/store';
import type { GlobalOptions } from './output';
import { storeDirOf } from './open-store';

/**
 * The keys a bundle's authorship is judged against by commands that need no store (`verify`, `inspect`): the
 * store's team (or its identity) when there is a store, opened read-only so a running app keeps its lock;
 * none otherwise (or when it cannot be read), so a signature shows as made with an unknown key rather than being trusted on its word.
 */
export async function cliTrustedKeys(options: GlobalOptions): Promise<TrustedKey[]> {
  const dir = storeDirOf(options);
  if (!existsSync(path.join(dir))) return [];
  let store;
  try {
    store = await openStore(dir, { readOnly: true });
  } catch {
    return []; // an unreadable store trusts nothing: a signature then reads as made with an unknown key
  }
  try {
    return authorshipKeys(store);
  } finally {
    store.close();
  }
}
