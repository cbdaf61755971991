import { localActor } from '../core/services/app-paths';
import { unlockStoreKeyWithPassphrase } from '../core/services/audit-log';
import type { Store } from '../core/services/store-session';
import { readPassphrase } from './passphrase';

/**
 * The store key for `audit export` (and what signs with it): its passphrase from PROVDESK_PASSPHRASE or asked (twice
 * when the key is made, or a plain key of an earlier version is encrypted, now). A key kept by the desktop app's
 * keychain, or a wrong passphrase, is the user's to fix: exit 2.
 */
export function unlockStoreKeyForCli(store: Store) {
  return unlockStoreKeyWithPassphrase(
    store,
    (fresh) =>
      readPassphrase(
        fresh ? 'New passphrase for the store key (it signs audit checkpoints): ' : 'Passphrase for the store key: ',
        { confirm: fresh },
      ),
    localActor(),
  );
}
