import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendAudit } from '../../../../src-main/core/audit/audit-log';
import { type Store, openStore } from '../../../../src-main/core/store/store';
import { type StoreSigningKey, unlockStoreKey } from '../../../../src-main/core/audit/store-key';
import { scryptKeyProtector } from '../../../../src-main/core/keys/key-protector';

/** A store in a fresh temp folder holding `n` audit entries with varied text; `cleanup` removes it. */
export async function auditStore(
  n: number,
  options: { now?: () => Date } = {},
): Promise<{ store: Store; dir: string; cleanup: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-audit-'));
  const store = await openStore(dir, options);
  for (let i = 1; i <= n; i++) {
    store.transaction((tx) =>
      appendAudit(tx, {
        actor: i % 2 ? 'alice' : 'bob',
        action: i % 3 ? 'bundle.imported' : 'bundle.approved',
        subject: `bundle-${i}`,
        details: { index: i, note: i === 4 ? 'the zebra model, "quoted", with commas\nand a newline' : `note ${i}` },
      }),
    );
  }
  return {
    store,
    dir,
    cleanup: () => {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const TEST_PASSPHRASE = 'correct horse battery';
const keys = new Map<string, Promise<StoreSigningKey>>();

/** The store's checkpoint key, made (or opened) once per store with a real scrypt protector. */
export function storeKeyOf(store: Store): Promise<StoreSigningKey> {
  let key = keys.get(store.dir);
  if (!key) {
    key = unlockStoreKey(store, scryptKeyProtector(TEST_PASSPHRASE), 'test');
    keys.set(store.dir, key);
  }
  return key;
}
