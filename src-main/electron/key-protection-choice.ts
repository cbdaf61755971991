import type { KeyProtection } from '../common/schemas/key-protection';

/** What Electron's safeStorage says about itself; `backend` is getSelectedStorageBackend() on Linux, else null. */
export interface SafeStorageFacts {
  platform: string;
  encryptionAvailable: boolean;
  backend: string | null;
}

// Linux backends that are a real keyring. 'basic_text' encrypts with a password hard-coded in Chromium, so a key
// "protected" by it is readable by anyone who can read the file; 'unknown' means it was asked before app ready.
const LINUX_KEYRINGS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/**
 * Where new private keys go: the system keychain when safeStorage is backed by one, else a passphrase (scrypt),
 * with the reason in words for the screens that create and show keys.
 */
export function chooseKeyProtection(facts: SafeStorageFacts): KeyProtection {
  if (!facts.encryptionAvailable)
    return { kind: 'scrypt', reason: 'the system keychain is not available: protected by your passphrase' };
  if (facts.platform === 'linux') {
    if (facts.backend === 'basic_text')
      return { kind: 'scrypt', reason: 'no system keyring: protected by your passphrase' };
    if (!facts.backend || !LINUX_KEYRINGS.has(facts.backend)) {
      return {
        kind: 'scrypt',
        reason: `no system keyring this app trusts (${facts.backend ?? 'none'}): protected by your passphrase`,
      };
    }
  }
  return { kind: 'safe-storage', reason: null };
}
