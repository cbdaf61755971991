import { z } from 'zod';
import { CodedError } from '../common/result';
import type { KeyProtector } from '../core/governance/key-protector';

/** The part of Electron's safeStorage this adapter uses (kept structural so it is unit-testable). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

const storedSchema = z.object({ kind: z.literal('safe-storage'), ciphertext: z.string() });
const sealedSchema = z.object({ associated: z.string(), secret: z.string() });

/**
 * Keeps the signing key encrypted by the operating system's keychain (Keychain, DPAPI, libsecret) through
 * Electron's safeStorage. The key id is sealed with the secret, so a blob moved to another identity fails.
 */
export function safeStorageProtector(storage: SafeStorageLike): KeyProtector {
  return {
    kind: 'safe-storage',
    async protect(secret, associated) {
      if (!storage.isEncryptionAvailable()) {
        throw new CodedError('refused', "the system keychain is not available to this app; create the identity with a passphrase (provdesk identity create) instead");
      }
      const sealed = storage.encryptString(JSON.stringify({ associated, secret: secret.toString('base64') }));
      return { kind: 'safe-storage', ciphertext: sealed.toString('base64') };
    },
    async unprotect(stored, associated) {
      const parsed = storedSchema.safeParse(stored);
      if (!parsed.success) {
        throw new CodedError('refused', `this signing key is protected by ${String((stored as { kind?: unknown }).kind)}, not the system keychain; unlock it with its passphrase`);
      }
      let sealed: z.infer<typeof sealedSchema>;
      try {
        sealed = sealedSchema.parse(JSON.parse(storage.decryptString(Buffer.from(parsed.data.ciphertext, 'base64'))));
      } catch {
        throw new CodedError('refused', 'the system keychain could not unlock the signing key (another user or machine, or the key was altered)');
      }
      if (sealed.associated !== associated) throw new CodedError('refused', 'the protected key belongs to another identity');
      return Buffer.from(sealed.secret, 'base64');
    },
  };
}
