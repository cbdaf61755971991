import { describe, expect, it } from 'vitest';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  electronKeyProtector,
  safeStorageFacts,
  safeStorageProtector,
  type SafeStorageLike,
} from '../../../src-main/electron/safe-storage-protector';
import { scryptKeyProtector } from '../../../src-main/core/keys/key-protector';

// A stand-in keychain: real AES-GCM under a key only this "machine" has (Electron's own is not available here).
function keychain(available = true, backend = 'gnome_libsecret'): SafeStorageLike {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('safeStorage key protector', () => {
  it('round-trips a key and never stores it in the clear', async () => {
    const protector = safeStorageProtector(keychain());
    const secret = randomBytes(32);
    const stored = await protector.protect(secret, 'key-1');
    expect(JSON.stringify(stored)).not.toContain(secret.toString('base64'));
    expect(await protector.unprotect(stored, 'key-1')).toEqual(secret);
  });

  it('refuses another identity, another keychain, an altered blob, and a passphrase-protected key', async () => {
    const protector = safeStorageProtector(keychain());
    const stored = await protector.protect(randomBytes(32), 'key-1');
    await expect(protector.unprotect(stored, 'key-2')).rejects.toMatchObject({ code: 'refused' });
    await expect(safeStorageProtector(keychain()).unprotect(stored, 'key-1')).rejects.toMatchObject({
      code: 'refused',
    });
    await expect(
      protector.unprotect({ ...stored, ciphertext: Buffer.from('xx').toString('base64') }, 'key-1'),
    ).rejects.toMatchObject({ code: 'refused' });
    const scrypted = await scryptKeyProtector('correct horse battery').protect(randomBytes(32), 'key-1');
    await expect(protector.unprotect(scrypted, 'key-1')).rejects.toThrow(/passphrase/);
  });

  it('says so when the system keychain is unavailable', async () => {
    await expect(safeStorageProtector(keychain(false)).protect(randomBytes(32), 'key-1')).rejects.toThrow(
      /keychain is not available/,
    );
  });

  it("never seals a key with Linux's basic_text backend (a hard-coded password), on Linux only", async () => {
    await expect(
      safeStorageProtector(keychain(true, 'basic_text'), 'linux').protect(randomBytes(32), 'key-1'),
    ).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringContaining('no system keyring: protected by your passphrase'),
    });
    expect(safeStorageFacts(keychain(true, 'basic_text'), 'darwin')).toEqual({
      platform: 'darwin',
      encryptionAvailable: true,
      backend: null,
    });
    await expect(
      safeStorageProtector(keychain(true, 'basic_text'), 'darwin').protect(randomBytes(32), 'key-1'),
    ).resolves.toMatchObject({ kind: 'safe-storage' });
  });
});

describe("the desktop app's key protector", () => {
  const keyring = { kind: 'safe-storage' as const, reason: null };
  const none = { kind: 'scrypt' as const, reason: 'no system keyring: protected by your passphrase' };
  it('uses the keychain without a passphrase and the passphrase when one is given', () => {
    expect(electronKeyProtector(keyring, keychain())(undefined).kind).toBe('safe-storage');
    expect(electronKeyProtector(keyring, keychain())('correct horse battery').kind).toBe('scrypt');
  });
  it('without a trusted keychain asks the passphrase, saying why', () => {
    expect(electronKeyProtector(none, keychain(true, 'basic_text'))('correct horse battery').kind).toBe('scrypt');
    expect(() => electronKeyProtector(none, keychain(true, 'basic_text'))(undefined)).toThrow(
      'no system keyring: protected by your passphrase: enter the passphrase',
    );
  });
});
