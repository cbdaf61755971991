import { CodedError } from '../../common/result';
import type { KeyProtection } from '../../common/schemas/key-protection';
import { scryptKeyProtector, type KeyProtector, type ProtectedSecret } from '../keys/key-protector';
import type { KeyProtectorFor } from './governance';

/**
 * The desktop app's KeyProtectorFor: the passphrase when one is given (a key made with one, or no trusted
 * keychain), else the system keychain; without a trusted keychain a missing passphrase is asked for, in words.
 */
export function keychainOrPassphrase(choice: KeyProtection, keychain: KeyProtector): KeyProtectorFor {
  return (passphrase) => {
    if (passphrase) return scryptKeyProtector(passphrase);
    if (choice.kind === 'safe-storage') return keychain;
    throw new CodedError('invalid-request', `${choice.reason ?? 'no system keychain'}: enter the passphrase`);
  };
}

/** Asks the shell, which holds the keychain (Electron's safeStorage lives in the main process only). */
export type AskShell = <T>(ask: 'keychain-protect' | 'keychain-unprotect', args: unknown) => Promise<T>;

/** The system keychain as seen from the core process: each seal and unseal is done by the shell. */
export function shellKeychain(ask: AskShell): KeyProtector {
  return {
    kind: 'safe-storage',
    protect: (secret, associated) =>
      ask<ProtectedSecret>('keychain-protect', { secret: new Uint8Array(secret), associated }),
    unprotect: async (stored, associated) =>
      Buffer.from(await ask<Uint8Array>('keychain-unprotect', { stored, associated })),
  };
}
