import { type KeyObject, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { CodedError } from '../../common/result';

/**
 * Ed25519 key material as the team file and envelopes carry it: SPKI DER in base64, key id = SHA-256 hex of that DER.
 */

export function keyIdOfPublicKey(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function publicKeyBase64(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}

/** A base64 SPKI Ed25519 public key; anything else is CodedError('invalid-request') naming what it is. */
export function parsePublicKey(base64: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
  } catch (e) {
    throw new CodedError('invalid-request', `not a base64 SPKI public key: ${(e as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new CodedError('invalid-request', `an ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
  return key;
}

// RFC 8410: PKCS#8 PrivateKeyInfo for Ed25519 is this fixed 16-byte prefix followed by the 32-byte seed.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 private key from its 32-byte seed (RFC 8032's "secret key"). */
export function privateKeyFromSeed(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw new CodedError('invalid-request', `an Ed25519 seed has 32 bytes, not ${seed.length}`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}
