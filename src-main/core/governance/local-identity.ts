import fs from 'node:fs';
import { identityActor } from '../audit/actor';
import path from 'node:path';
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { z } from 'zod';
import type { Identity } from '../../common/schemas/governance';
import { CodedError } from '../../common/result';
import { appendAudit } from '../audit/audit-log';
import { nodeFileIo, writeFileDurable } from '../store/file-io';
import { insertLocalIdentity, localIdentity } from '../store/repos/identity-repo';
import type { ReadApi, Store } from '../store/store';
import { refreshAuthorshipTrust } from './authorship-store';
import { keyIdOfPublicKey, publicKeyBase64 } from './ed25519-keys';
import { trustedKeys } from './team-store';
import { protectedSecretSchema, type KeyProtector } from '../keys/key-protector';

/**
 * The local signing identity: public part in the `identities` table (audited), private key (PKCS#8 DER)
 * only ever written encrypted by a KeyProtector, to <store>/keys/identity.json (mode 0600).
 */

const fileSchema = z.object({
  version: z.literal(1),
  keyId: z.string(),
  publicKey: z.string(),
  protected: protectedSecretSchema,
});

const emailPattern = /^[^\s@]+@[^\s@]+$/;

export function identityFile(storeDir: string): string {
  return path.join(storeDir, 'keys', 'identity.json');
}

/** The store's local identity, or null before `identity create`. */
export function readIdentity(db: ReadApi): Identity | null {
  return localIdentity(db);
}

/** Makes the Ed25519 identity; one per store (a second is CodedError('conflict')). */
export async function createIdentity(
  store: Store,
  input: { name: string; email: string },
  protector: KeyProtector,
  actor: string,
): Promise<Identity> {
  const name = input.name.trim();
  const email = input.email.trim().toLowerCase();
  if (!name || name.length > 200) throw new CodedError('invalid-request', 'the name must be 1 to 200 characters');
  if (!emailPattern.test(email) || email.length > 320)
    throw new CodedError('invalid-request', `${JSON.stringify(input.email)} is not an email address`);
  const existing = readIdentity(store);
  if (existing)
    throw new CodedError(
      'conflict',
      `this store already has an identity (${existing.name} <${existing.email}>, key ${existing.keyId.slice(0, 16)})`,
    );

  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = keyIdOfPublicKey(publicKey);
  const secret = privateKey.export({ type: 'pkcs8', format: 'der' });
  const protectedSecret = await protector.protect(secret, keyId);
  secret.fill(0);
  const pub = publicKeyBase64(publicKey);
  writePrivate(
    identityFile(store.dir),
    JSON.stringify({ version: 1, keyId, publicKey: pub, protected: protectedSecret }, null, 2),
  );
  return store.transaction((tx) => {
    const identity = insertLocalIdentity(tx, { keyId, name, email, publicKey: pub, protection: protector.kind });
    appendAudit(tx, {
      actor: identityActor(identity),
      action: 'identity.create',
      subject: `identity/${keyId}`,
      details: { osUser: actor, keyId, name, email, publicKey: pub, protection: protector.kind },
    });
    // Without a team the new key is trusted: bundles it already signed have their authorship checked now.
    refreshAuthorshipTrust(tx, trustedKeys(tx, identity));
    return identity;
  });
}

/** The identity's private key, decrypted in memory for one signing. */
export async function unlockIdentity(
  storeDir: string,
  identity: Identity,
  protector: KeyProtector,
): Promise<KeyObject> {
  const file = identityFile(storeDir);
  let parsed: z.infer<typeof fileSchema>;
  try {
    parsed = fileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    throw new CodedError('io-error', `the identity key file ${file} is missing or unreadable: ${(e as Error).message}`);
  }
  if (parsed.keyId !== identity.keyId)
    throw new CodedError(
      'io-error',
      `the identity key file holds key ${parsed.keyId.slice(0, 16)}, not ${identity.keyId.slice(0, 16)}`,
    );
  if (parsed.protected.kind !== protector.kind) {
    throw new CodedError(
      'refused',
      `the identity key is protected by ${parsed.protected.kind}, not ${protector.kind}`,
      { reason: 'key-protection', input: true },
    );
  }
  const der = await protector.unprotect(parsed.protected, identity.keyId);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  der.fill(0);
  if (keyIdOfPublicKey(createPublicKey(key)) !== identity.keyId)
    throw new CodedError('io-error', 'the decrypted key does not match the identity');
  return key;
}

/** The key file is private (0600, in a 0700 folder) and written durably: temp file, fsync, rename. */
function writePrivate(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileDurable(file, Buffer.from(text, 'utf8'), nodeFileIo, 0o600);
}
