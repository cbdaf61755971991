import fs from 'node:fs';
import path from 'node:path';
import { type KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { z } from 'zod';
import { CodedError } from '../../common/result';
import { fsyncDir } from '../store/file-io';
import type { Store } from '../store/store';
import { protectedSecretSchema, type KeyProtector } from '../keys/key-protector';
import { appendAudit } from './audit-log';

export interface StoreSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI DER, base64. */
  publicKeyBase64: string;
  /** SHA-256 hex of the SPKI DER. */
  keyId: string;
}

/** What anyone may read without a passphrase: enough to trust this store's checkpoints. */
export interface StoreKeyPublic {
  keyId: string;
  publicKeyBase64: string;
  /** The protector's kind ('scrypt', 'safe-storage'), or 'plain' for a key file from before keys were encrypted. */
  protection: string;
}

export function keyIdOf(spkiDer: Buffer): string {
  return createHash('sha256').update(spkiDer).digest('hex');
}

/**
 * The store's Ed25519 key that signs audit export checkpoints, kept like the identity key: the private key
 * (PKCS#8 DER) only ever written encrypted by a KeyProtector, to <store>/keys/store-signing.json (mode 0600),
 * beside its public key and key id in clear, so checkpoints are verified without a passphrase. Earlier
 * versions kept a plain PEM at keys/store-signing.pem: it is encrypted, and removed, on its first unlock.
 */
const fileSchema = z.object({
  version: z.literal(1),
  keyId: z.string(),
  publicKey: z.string(),
  protected: protectedSecretSchema,
});

export function storeKeyFiles(storeDir: string): { file: string; legacyPem: string } {
  const dir = path.join(storeDir, 'keys');
  return { file: path.join(dir, 'store-signing.json'), legacyPem: path.join(dir, 'store-signing.pem') };
}

// The key id and purpose are bound into the ciphertext: a blob moved onto another key or file does not open.
const associated = (keyId: string) => `store-signing:${keyId}`;

function readKeyFile(file: string): z.infer<typeof fileSchema> {
  let parsed: z.infer<typeof fileSchema>;
  try {
    parsed = fileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    throw new CodedError('io-error', `the store signing key ${file} is unreadable: ${(e as Error).message}`);
  }
  if (keyIdOf(Buffer.from(parsed.publicKey, 'base64')) !== parsed.keyId)
    throw new CodedError('io-error', `the store signing key ${file} names another key than it holds`);
  return parsed;
}

function readPlainPem(file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(fs.readFileSync(file));
  } catch (e) {
    throw new CodedError('io-error', `the store signing key ${file} is unreadable: ${(e as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new CodedError('io-error', `the store signing key ${file} is not an Ed25519 key`);
  return key;
}

function describe(privateKey: KeyObject): StoreSigningKey {
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return { privateKey, publicKey, publicKeyBase64: der.toString('base64'), keyId: keyIdOf(der) };
}

/** The store key's public part and how it is kept, or null when the store has none yet; never asks a passphrase. */
export function readStoreKeyPublic(storeDir: string): StoreKeyPublic | null {
  const { file, legacyPem } = storeKeyFiles(storeDir);
  if (fs.existsSync(file)) {
    const f = readKeyFile(file);
    return { keyId: f.keyId, publicKeyBase64: f.publicKey, protection: f.protected.kind };
  }
  if (!fs.existsSync(legacyPem)) return null;
  const k = describe(readPlainPem(legacyPem));
  return { keyId: k.keyId, publicKeyBase64: k.publicKeyBase64, protection: 'plain' };
}

/** The store key's id when the store has one; never creates it (a checkpoint's signer is trusted only if it exists). */
export function existingStoreKeyId(storeDir: string): string | null {
  return readStoreKeyPublic(storeDir)?.keyId ?? null;
}

/**
 * The store key, decrypted in memory for one export: made on first need, or, when the store still has the
 * plain PEM of earlier versions, encrypted with `protector`, written, audited ('audit.key.protect') and the
 * PEM removed. A wrong passphrase is CodedError('refused'); a key kept by another kind of protector too.
 */
export async function unlockStoreKey(store: Store, protector: KeyProtector, actor: string): Promise<StoreSigningKey> {
  const { file, legacyPem } = storeKeyFiles(store.dir);
  if (!fs.existsSync(file)) {
    const plain = fs.existsSync(legacyPem) ? readPlainPem(legacyPem) : null;
    if (plain && store.readOnly)
      throw new CodedError(
        'refused',
        'the store key is still a plain file: export once with the store open for writing (close the app, or export from it) to encrypt it',
      );
    const key = describe(plain ?? generateKeyPairSync('ed25519').privateKey);
    const secret = key.privateKey.export({ type: 'pkcs8', format: 'der' });
    const sealed = await protector.protect(secret, associated(key.keyId));
    secret.fill(0);
    writeOnce(
      file,
      JSON.stringify({ version: 1, keyId: key.keyId, publicKey: key.publicKeyBase64, protected: sealed }, null, 2),
    );
  }
  const stored = readKeyFile(file);
  if (stored.protected.kind !== protector.kind) {
    throw new CodedError(
      'refused',
      `the store key is protected by ${protectionWords(stored.protected.kind)}, not ${protectionWords(protector.kind)}`,
      { reason: 'key-protection', input: true },
    );
  }
  const der = await protector.unprotect(stored.protected, associated(stored.keyId));
  const key = describe(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  der.fill(0);
  if (key.keyId !== stored.keyId)
    throw new CodedError('io-error', 'the decrypted store key does not match its public key');
  if (fs.existsSync(legacyPem) && !store.readOnly) finishMigration(store, legacyPem, key, protector.kind, actor);
  return key;
}

/**
 * The plain PEM is removed only once the encrypted key opens, and after its audit entry (a crash in between repeats
 * both).
 */
function finishMigration(
  store: Store,
  legacyPem: string,
  key: StoreSigningKey,
  protection: string,
  actor: string,
): void {
  if (describe(readPlainPem(legacyPem)).keyId !== key.keyId) {
    throw new CodedError(
      'io-error',
      `${legacyPem} holds another key than the encrypted store key: move one of them away`,
    );
  }
  store.transaction((tx) =>
    appendAudit(tx, {
      actor,
      action: 'audit.key.protect',
      subject: 'audit/store-key',
      details: { keyId: key.keyId, protection, removed: 'keys/store-signing.pem' },
    }),
  );
  fs.rmSync(legacyPem);
  fsyncDir(path.dirname(legacyPem));
}

export function protectionWords(kind: string): string {
  if (kind === 'scrypt') return 'a passphrase';
  if (kind === 'safe-storage') return "the desktop app's system keychain";
  return kind;
}

/** Written beside and hard-linked into place, so two processes racing both end up with one key. */
function writeOnce(file: string, text: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
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
