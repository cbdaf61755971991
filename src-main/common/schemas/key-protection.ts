import { z } from 'zod';

/**
 * How this host keeps new private keys at rest: the system keychain (Electron's safeStorage with a real
 * backend) or a passphrase (scrypt). `reason` says, in words, why a passphrase is asked.
 */
export const keyProtectionSchema = z.object({
  kind: z.enum(['safe-storage', 'scrypt']),
  reason: z.string().nullable(),
});
export type KeyProtection = z.infer<typeof keyProtectionSchema>;

/**
 * The store's audit signing key (it signs export checkpoints) as an export on this host will need it.
 * `protection`: 'scrypt', 'safe-storage', 'plain' (a key file from before keys were encrypted; the next
 * export encrypts it) or null (none yet; the next export makes one). `passphrase`: what the export asks:
 * nothing, the key's passphrase, or a new one (with a second field to repeat it).
 */
export const storeKeyStatusSchema = z.object({
  keyId: z.string().nullable(),
  protection: z.string().nullable(),
  passphrase: z.enum(['none', 'unlock', 'new']),
  note: z.string().nullable(),
});
export type StoreKeyStatus = z.infer<typeof storeKeyStatusSchema>;
