import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { scryptKeyProtector } from '../../../../src-main/core/keys/key-protector';

describe('scrypt key protector', () => {
  const secret = randomBytes(48);

  it('round-trips with the same passphrase and key id; the stored form holds no plaintext', async () => {
    const p = scryptKeyProtector('correct horse battery');
    const stored = await p.protect(secret, 'key-1');
    expect(stored).toMatchObject({ kind: 'scrypt', cipher: 'aes-256-gcm', kdf: { N: 32768, r: 8, p: 1 } });
    expect(JSON.stringify(stored)).not.toContain(secret.toString('base64'));
    expect((await p.unprotect(stored, 'key-1')).equals(secret)).toBe(true);
  });

  it('a wrong passphrase, another key id or an altered ciphertext does not open it', async () => {
    const stored = await scryptKeyProtector('correct horse battery').protect(secret, 'key-1');
    await expect(scryptKeyProtector('wrong horse battery').unprotect(stored, 'key-1')).rejects.toThrow(
      /wrong passphrase/,
    );
    await expect(scryptKeyProtector('correct horse battery').unprotect(stored, 'key-2')).rejects.toThrow(
      /wrong passphrase/,
    );
    const ct = Buffer.from(stored.ciphertext as string, 'base64');
    ct[0] = ct[0]! ^ 1;
    await expect(
      scryptKeyProtector('correct horse battery').unprotect({ ...stored, ciphertext: ct.toString('base64') }, 'key-1'),
    ).rejects.toThrow(/wrong passphrase/);
  });

  it('uses a fresh salt and iv each time', async () => {
    const p = scryptKeyProtector('correct horse battery');
    const a = await p.protect(secret, 'k');
    const b = await p.protect(secret, 'k');
    expect(a.iv).not.toBe(b.iv);
    expect((a.kdf as { salt: string }).salt).not.toBe((b.kdf as { salt: string }).salt);
  });

  it('refuses weak parameters, short passphrases and out-of-range stored parameters', async () => {
    expect(() => scryptKeyProtector('correct horse battery', { N: 1 << 14 })).toThrow(/at least 2\^15/);
    await expect(scryptKeyProtector('short').protect(secret, 'k')).rejects.toThrow(/at least 8 characters/);
    const stored = await scryptKeyProtector('correct horse battery').protect(secret, 'k');
    await expect(
      scryptKeyProtector('correct horse battery').unprotect(
        { ...stored, kdf: { ...(stored.kdf as object), N: 1 << 10 } },
        'k',
      ),
    ).rejects.toThrow(/outside the accepted range/);
    await expect(scryptKeyProtector('correct horse battery').unprotect({ kind: 'scrypt' }, 'k')).rejects.toThrow(
      /not a scrypt-protected key/,
    );
  });
});
