import { describe, expect, it } from 'vitest';
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  keyIdOfPublicKey,
  parsePublicKey,
  privateKeyFromSeed,
  publicKeyBase64,
} from '../../../../src-main/core/governance/ed25519-keys';

// RFC 8032 section 7.1, tests 1-3: secret key (seed), public key, message, signature.
const vectors = [
  [
    '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    '',
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  ],
  [
    '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    '72',
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  ],
  [
    'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    'af82',
    '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  ],
] as const;

describe('Ed25519 (RFC 8032 test vectors)', () => {
  it.each(vectors)('seed %s… gives the public key and signature bytes of the RFC', (seed, pub, message, signature) => {
    const key = privateKeyFromSeed(Buffer.from(seed, 'hex'));
    const publicKey = createPublicKey(key);
    expect(publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('hex')).toBe(pub);
    const sig = sign(null, Buffer.from(message, 'hex'), key);
    expect(sig.toString('hex')).toBe(signature);
    expect(verify(null, Buffer.from(message, 'hex'), publicKey, sig)).toBe(true);
    expect(verify(null, Buffer.from(`${message}00`, 'hex'), publicKey, sig)).toBe(false);
  });

  it('refuses a seed of the wrong length', () => {
    expect(() => privateKeyFromSeed(Buffer.alloc(31))).toThrow(/32 bytes, not 31/);
  });
});

describe('public keys', () => {
  it('key id is the SHA-256 of the SPKI DER, and base64 round-trips', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const b64 = publicKeyBase64(publicKey);
    expect(keyIdOfPublicKey(parsePublicKey(b64))).toBe(keyIdOfPublicKey(publicKey));
    expect(keyIdOfPublicKey(publicKey)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses garbage and non-Ed25519 keys with a clear error', () => {
    expect(() => parsePublicKey('bm90IGEga2V5')).toThrow(/not a base64 SPKI public key/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ type: 'spki', format: 'der' })
      .toString('base64');
    expect(() => parsePublicKey(ec)).toThrow(/an ec key, not Ed25519/);
  });
});
