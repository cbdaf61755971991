import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { CodedError } from '../../common/result';

/**
 * How a private key is kept at rest. The CLI and preview host use a passphrase (scrypt → AES-256-GCM);
 * Electron can pass one backed by safeStorage. `associated` (the key id) is bound into the ciphertext, so
 * a protected blob moved onto another identity does not open.
 */
export interface KeyProtector {
  readonly kind: string;
  protect(secret: Buffer, associated: string): Promise<ProtectedSecret>;
  unprotect(stored: ProtectedSecret, associated: string): Promise<Buffer>;
}

export const protectedSecretSchema = z.object({ kind: z.string().max(50) }).catchall(z.unknown());
export type ProtectedSecret = z.infer<typeof protectedSecretSchema>;

const scryptSecretSchema = z.object({
  kind: z.literal('scrypt'),
  kdf: z.object({ N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.string() }),
  cipher: z.literal('aes-256-gcm'),
  iv: z.string(),
  tag: z.string(),
  ciphertext: z.string(),
});

export const MIN_SCRYPT_N = 1 << 15;
const MIN_PASSPHRASE = 8;

function scrypt(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  // Node's default maxmem (32 MiB) is exactly 128·N·r at N=2^15, r=8; allow twice what the parameters need.
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scryptCb(passphrase.normalize('NFC'), salt, 32, options, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/**
 * Passphrase protection: scrypt (N ≥ 2^15, random 16-byte salt) derives an AES-256-GCM key; a wrong passphrase fails
 * the tag.
 */
export function scryptKeyProtector(
  passphrase: string,
  params: { N?: number; r?: number; p?: number } = {},
): KeyProtector {
  const N = params.N ?? MIN_SCRYPT_N;
  const r = params.r ?? 8;
  const p = params.p ?? 1;
  if (N < MIN_SCRYPT_N || (N & (N - 1)) !== 0)
    throw new CodedError('invalid-request', `scrypt N must be a power of two of at least 2^15, not ${N}`);
  return {
    kind: 'scrypt',
    async protect(secret, associated) {
      if (passphrase.length < MIN_PASSPHRASE)
        throw new CodedError('invalid-request', `the passphrase must have at least ${MIN_PASSPHRASE} characters`);
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const key = await scrypt(passphrase, salt, { N, r, p });
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(associated, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()]);
      return {
        kind: 'scrypt',
        kdf: { N, r, p, salt: salt.toString('base64') },
        cipher: 'aes-256-gcm',
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        ciphertext: ciphertext.toString('base64'),
      };
    },
    async unprotect(stored, associated) {
      const parsed = scryptSecretSchema.safeParse(stored);
      if (!parsed.success)
        throw new CodedError('io-error', 'the protected key is not a scrypt-protected key this version can read');
      const s = parsed.data;
      if (s.kdf.N < MIN_SCRYPT_N || s.kdf.N > 1 << 22 || s.kdf.r < 1 || s.kdf.r > 32 || s.kdf.p < 1 || s.kdf.p > 16) {
        throw new CodedError('refused', 'the protected key asks for scrypt parameters outside the accepted range');
      }
      const key = await scrypt(passphrase, Buffer.from(s.kdf.salt, 'base64'), s.kdf);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64'));
      decipher.setAAD(Buffer.from(associated, 'utf8'));
      decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(s.ciphertext, 'base64')), decipher.final()]);
      } catch {
        // the user's to fix (input), not a verdict on anything: exit 2 in the CLI, asked again in the app
        throw new CodedError('refused', 'wrong passphrase (or the protected key was altered)', {
          reason: 'wrong-passphrase',
          input: true,
        });
      }
    },
  };
}
