import type { KeyProtection, StoreKeyStatus } from '../../common/schemas/key-protection';
import { protectionWords, readStoreKeyPublic } from './store-key';

/**
 * What an audit export on this host will ask to unlock (or make) the store key, so the export control shows a
 * passphrase field only when one is needed: the key's passphrase, a new one (the key is made or, from a plain
 * file of an earlier version, encrypted now), or nothing (the host's keychain holds it).
 */
export function storeKeyStatus(storeDir: string, host: KeyProtection): StoreKeyStatus {
  const key = readStoreKeyPublic(storeDir);
  const keyId = key?.keyId ?? null;
  const protection = key?.protection ?? null;
  if (protection === 'scrypt') return { keyId, protection, passphrase: 'unlock', note: null };
  if (protection === 'safe-storage') {
    const note =
      host.kind === 'safe-storage'
        ? null
        : `the store key is kept by ${protectionWords('safe-storage')}: export from the desktop app`;
    return { keyId, protection, passphrase: 'none', note };
  }
  const what =
    protection === 'plain'
      ? 'The store key is a plain file from an earlier version: this export encrypts it'
      : 'The first export makes the store key that signs checkpoints';
  if (host.kind === 'scrypt')
    return {
      keyId,
      protection,
      passphrase: 'new',
      note: `${what}; ${host.reason ?? 'it is protected by your passphrase'}.`,
    };
  return { keyId, protection, passphrase: 'none', note: `${what}, kept by the system keychain.` };
}
