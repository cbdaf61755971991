import fs from 'node:fs';
import path from 'node:path';
import { type KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { CodedError } from '../../common/result';
import { fsyncDir } from '../store/file-io';

export interface StoreSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI DER, base64. */
  publicKeyBase64: string;
  /** SHA-256 hex of the SPKI DER. */
  keyId: string;
}

export function keyIdOf(spkiDer: Buffer): string {
  return createHash('sha256').update(spkiDer).digest('hex');
}

/**
 * The store's Ed25519 signing key at <dir>/keys/store-signing.pem (PKCS#8, mode 0600), created on first
 * need. Created beside and hard-linked into place, so two processes racing both end up with one key.
 */
export function loadOrCreateStoreKey(storeDir: string): StoreSigningKey {
  const dir = path.join(storeDir, 'keys');
  const file = path.join(dir, 'store-signing.pem');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
    const tmp = `${file}.tmp-${process.pid}`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, pem as string);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    fsyncDir(dir);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(fs.readFileSync(file));
  } catch (e) {
    throw new CodedError('io-error', `the store signing key ${file} is unreadable: ${(e as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new CodedError('io-error', `the store signing key ${file} is not an Ed25519 key`);
  }
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return { privateKey, publicKey, publicKeyBase64: der.toString('base64'), keyId: keyIdOf(der) };
}

/** The store key's id when the store has one; never creates it (a checkpoint's signer is trusted only if it exists). */
export function existingStoreKeyId(storeDir: string): string | null {
  if (!fs.existsSync(path.join(storeDir, 'keys', 'store-signing.pem'))) return null;
  return loadOrCreateStoreKey(storeDir).keyId;
}
