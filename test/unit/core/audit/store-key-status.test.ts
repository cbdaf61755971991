import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { storeKeyStatus } from '../../../../src-main/core/audit/store-key-status';
import { storeKeyFiles } from '../../../../src-main/core/audit/store-key';
import { auditStore, storeKeyOf } from './audit-helpers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});
const preview = {
  kind: 'scrypt' as const,
  reason: 'the browser preview has no system keychain: protected by your passphrase',
};
const keychain = { kind: 'safe-storage' as const, reason: null };

describe('what an audit export asks for the store key', () => {
  it('a new passphrase (asked twice) without a key, or with a plain one; nothing where the keychain will hold it', async () => {
    const made = await auditStore(1);
    cleanup = made.cleanup;
    expect(storeKeyStatus(made.dir, preview)).toEqual({
      keyId: null,
      protection: null,
      passphrase: 'new',
      note: `The first export makes the store key that signs checkpoints; ${preview.reason}.`,
    });
    expect(storeKeyStatus(made.dir, keychain)).toMatchObject({
      passphrase: 'none',
      note: expect.stringContaining('kept by the system keychain'),
    });
    fs.mkdirSync(path.join(made.dir, 'keys'));
    fs.writeFileSync(
      storeKeyFiles(made.dir).legacyPem,
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    );
    expect(storeKeyStatus(made.dir, preview)).toMatchObject({
      protection: 'plain',
      passphrase: 'new',
      note: expect.stringContaining('plain file from an earlier version: this export encrypts it'),
    });
  });

  it("the key's passphrase once it is encrypted with one, on every host", async () => {
    const made = await auditStore(1);
    cleanup = made.cleanup;
    const key = await storeKeyOf(made.store);
    for (const host of [preview, keychain])
      expect(storeKeyStatus(made.dir, host)).toEqual({
        keyId: key.keyId,
        protection: 'scrypt',
        passphrase: 'unlock',
        note: null,
      });
  });
});
