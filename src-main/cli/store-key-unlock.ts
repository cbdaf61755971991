import { CodedError } from '../common/result';
import { protectionWords, readStoreKeyPublic, unlockStoreKey, type StoreSigningKey } from '../core/audit/store-key';
import { scryptKeyProtector } from '../core/governance/key-protector';
import { localActor } from '../core/services/app-paths';
import type { Store } from '../core/store/store';
import { CliExit, exitCode } from './output';
import { readPassphrase } from './passphrase';

/**
 * The store key for `audit export`: its passphrase from PROVDESK_PASSPHRASE or asked (twice when the key is
 * made, or a plain key of an earlier version is encrypted, now). A key kept by the desktop app's keychain, or
 * a wrong passphrase, is the user's to fix: exit 2.
 */
export async function unlockStoreKeyForCli(store: Store): Promise<StoreSigningKey> {
  const key = readStoreKeyPublic(store.dir);
  if (key && key.protection !== 'scrypt' && key.protection !== 'plain') {
    throw new CliExit(exitCode.usage, `the store key is kept by ${protectionWords(key.protection)}: export the audit log from the desktop app`);
  }
  const fresh = key === null || key.protection === 'plain';
  const prompt = fresh ? 'New passphrase for the store key (it signs audit checkpoints): ' : 'Passphrase for the store key: ';
  const passphrase = await readPassphrase(prompt, { confirm: fresh });
  try {
    return await unlockStoreKey(store, scryptKeyProtector(passphrase), localActor());
  } catch (e) {
    if (e instanceof CodedError && (e.code === 'refused' || e.code === 'invalid-request')) throw new CliExit(exitCode.usage, e.message);
    throw e;
  }
}
