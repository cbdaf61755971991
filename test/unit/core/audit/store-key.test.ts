import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  existingStoreKeyId,
  keyIdOf,
  readStoreKeyPublic,
  storeKeyFiles,
  unlockStoreKey,
} from '../../../../src-main/core/audit/store-key';
import { listAudit } from '../../../../src-main/core/audit/audit-log';
import { scryptKeyProtector, type KeyProtector } from '../../../../src-main/core/keys/key-protector';
import { type Store, openStore } from '../../../../src-main/core/store/store';
import { auditStore, TEST_PASSPHRASE } from './audit-helpers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});
async function store(): Promise<{ store: Store; dir: string }> {
  const made = await auditStore(2);
  cleanup = made.cleanup;
  return made;
}
const protector = () => scryptKeyProtector(TEST_PASSPHRASE);

/** Every byte under keys/, as text: no PEM private key and no PKCS#8 DER of the key may be in it. */
function keysText(dir: string): string {
  const keys = path.join(dir, 'keys');
  return fs
    .readdirSync(keys)
    .map(
      (f) =>
        fs.readFileSync(path.join(keys, f)).toString('latin1') + fs.readFileSync(path.join(keys, f)).toString('base64'),
    )
    .join('\n');
}
function expectNoPrivateKeyOnDisk(dir: string, der: Buffer): void {
  const text = keysText(dir);
  expect(text).not.toContain('PRIVATE KEY');
  expect(text).not.toContain(der.toString('base64'));
  expect(text).not.toContain(der.subarray(16).toString('latin1')); // the raw 32-byte seed
}

/** The plain PEM earlier versions wrote at keys/store-signing.pem. */
function writeLegacyPem(dir: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  fs.mkdirSync(path.join(dir, 'keys'), { recursive: true });
  fs.writeFileSync(storeKeyFiles(dir).legacyPem, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, {
    mode: 0o600,
  });
  return {
    der: privateKey.export({ type: 'pkcs8', format: 'der' }),
    keyId: keyIdOf(publicKey.export({ type: 'spki', format: 'der' })),
  };
}

describe('the store key is encrypted at rest', () => {
  it('is made encrypted: no PEM or private key bytes on disk, the public part readable without the passphrase', async () => {
    const { store: s, dir } = await store();
    expect(readStoreKeyPublic(dir)).toBeNull();
    const key = await unlockStoreKey(s, protector(), 'dana');
    expect(fs.readdirSync(path.join(dir, 'keys'))).toEqual(['store-signing.json']);
    expect(fs.statSync(storeKeyFiles(dir).file).mode & 0o777).toBe(0o600);
    expectNoPrivateKeyOnDisk(dir, key.privateKey.export({ type: 'pkcs8', format: 'der' }));
    expect(readStoreKeyPublic(dir)).toEqual({
      keyId: key.keyId,
      publicKeyBase64: key.publicKeyBase64,
      protection: 'scrypt',
    });
    expect(existingStoreKeyId(dir)).toBe(key.keyId);
    expect((await unlockStoreKey(s, protector(), 'dana')).keyId).toBe(key.keyId); // the same key every time
    expect(listAudit(s, { action: 'audit.key.protect' }).total).toBe(0);
  });

  it('refuses a wrong passphrase, and a key kept by another kind of protector', async () => {
    const { store: s } = await store();
    await unlockStoreKey(s, protector(), 'dana');
    await expect(unlockStoreKey(s, scryptKeyProtector('not the passphrase'), 'dana')).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringContaining('wrong passphrase'),
    });
    const keychain: KeyProtector = {
      kind: 'safe-storage',
      protect: () => Promise.reject(new Error('unused')),
      unprotect: () => Promise.reject(new Error('unused')),
    };
    await expect(unlockStoreKey(s, keychain, 'dana')).rejects.toMatchObject({
      code: 'refused',
      message: "the store key is protected by a passphrase, not the desktop app's system keychain",
    });
  });

  it('refuses a key file whose key id does not name its public key', async () => {
    const { store: s, dir } = await store();
    await unlockStoreKey(s, protector(), 'dana');
    const file = storeKeyFiles(dir).file;
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), keyId: 'f'.repeat(64) }));
    expect(() => readStoreKeyPublic(dir)).toThrow(/names another key/);
  });

  it('migrates a plain key of an earlier version on its first unlock: same key, encrypted, the PEM removed, audited', async () => {
    const { store: s, dir } = await store();
    const legacy = writeLegacyPem(dir);
    // checkpoints it signed stay trusted
    expect(readStoreKeyPublic(dir)).toMatchObject({ keyId: legacy.keyId, protection: 'plain' });
    const key = await unlockStoreKey(s, protector(), 'dana');
    expect(key.keyId).toBe(legacy.keyId);
    expect(fs.readdirSync(path.join(dir, 'keys'))).toEqual(['store-signing.json']);
    expectNoPrivateKeyOnDisk(dir, legacy.der);
    expect(listAudit(s, { action: 'audit.key.protect' }).entries).toEqual([
      expect.objectContaining({
        actor: 'dana',
        subject: 'audit/store-key',
        details: { keyId: legacy.keyId, protection: 'scrypt', removed: 'keys/store-signing.pem' },
      }),
    ]);
    await expect(unlockStoreKey(s, scryptKeyProtector('not the passphrase'), 'dana')).rejects.toMatchObject({
      code: 'refused',
    });
  });

  it('finishes a migration cut short (encrypted key written, the PEM still there) on the next unlock', async () => {
    const { store: s, dir } = await store();
    const legacy = writeLegacyPem(dir);
    const pem = fs.readFileSync(storeKeyFiles(dir).legacyPem);
    await unlockStoreKey(s, protector(), 'dana');
    fs.writeFileSync(storeKeyFiles(dir).legacyPem, pem); // as if the process died before removing it
    await unlockStoreKey(s, protector(), 'dana');
    expect(fs.existsSync(storeKeyFiles(dir).legacyPem)).toBe(false);
    expect(listAudit(s, { action: 'audit.key.protect' }).entries.map((e) => e.details['keyId'])).toEqual([
      legacy.keyId,
      legacy.keyId,
    ]);
  });

  it('leaves a plain key alone in a read-only open (it cannot record the migration)', async () => {
    const { dir } = await store();
    writeLegacyPem(dir);
    const reader = await openStore(dir, { readOnly: true });
    try {
      await expect(unlockStoreKey(reader, protector(), 'dana')).rejects.toMatchObject({
        code: 'refused',
        message: expect.stringContaining('still a plain file'),
      });
      expect(fs.existsSync(storeKeyFiles(dir).legacyPem)).toBe(true);
    } finally {
      reader.close();
    }
  });
});
