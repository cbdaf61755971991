import { z } from 'zod';
import { CodedError } from '../common/result';
import type { KeyProtector } from '../core/services/host-runtime';
import type { KeyProtectorFor } from '../core/services/governance';
import { keychainOrPassphrase } from '../core/services/keychain-protector';
import type { KeyProtection } from '../common/schemas/key-protection';
import { chooseKeyProtection, type SafeStorageFacts } from './key-protection-choice';

/** The part of Electron's safeStorage this adapter uses (kept structural so it is unit-testable). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?(): string;
}

export function safeStorageFacts(storage: SafeStorageLike, platform: string = process.platform): SafeStorageFacts {
  return {
    platform,
    encryptionAvailable: storage.isEncryptionAvailable(),
    backend: platform === 'linux' && storage.getSelectedStorageBackend ? storage.getSelectedStorageBackend() : null,
  };
}

const storedSchema = z.object({ kind: z.literal('safe-storage'), ciphertext: z.string() });
const sealedSchema = z.object({ associated: z.string(), secret: z.string() });

/**
 * Keeps the signing key encrypted by the operating system's keychain (Keychain, DPAPI, libsecret) through
 * Electron's safeStorage. The key id is sealed with the secret, so a blob moved to another identity fails.
 */
export function safeStorageProtector(storage: SafeStorageLike, platform: string = process.platform): KeyProtector {
  return {
    kind: 'safe-storage',
    async protect(secret, associated) {
      // Never seal a key with basic_text's hard-coded password: that would be a key in the clear.
      const choice = chooseKeyProtection(safeStorageFacts(storage, platform));
      if (choice.kind !== 'safe-storage')
        throw new CodedError('refused', `${choice.reason}; give a passphrase to protect the key`);
      const sealed = storage.encryptString(JSON.stringify({ associated, secret: secret.toString('base64') }));
      return { kind: 'safe-storage', ciphertext: sealed.toString('base64') };
    },
    async unprotect(stored, associated) {
      const parsed = storedSchema.safeParse(stored);
      if (!parsed.success) {
        throw new CodedError(
          'refused',
          `this signing key is protected by ${String((stored as { kind?: unknown }).kind)}, not the system keychain; unlock it with its passphrase`,
        );
      }
      let sealed: z.infer<typeof sealedSchema>;
      try {
        sealed = sealedSchema.parse(JSON.parse(storage.decryptString(Buffer.from(parsed.data.ciphertext, 'base64'))));
      } catch {
        throw new CodedError(
          'refused',
          'the system keychain could not unlock the signing key (another user or machine, or the key was altered)',
        );
      }
      if (sealed.associated !== associated)
        throw new CodedError('refused', 'the protected key belongs to another identity');
      return Buffer.from(sealed.secret, 'base64');
    },
  };
}

/**
 * The desktop app's KeyProtectorFor with safeStorage at hand (keychainOrPassphrase). The core process builds the
 * same rule over a keychain that asks the main process, where safeStorage is (core-process.ts).
 */
export function electronKeyProtector(choice: KeyProtection, storage: SafeStorageLike): KeyProtectorFor {
  return keychainOrPassphrase(choice, safeStorageProtector(storage));
}
