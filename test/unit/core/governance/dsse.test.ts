import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import {
  decodeBase64Strict,
  pae,
  signEnvelope,
  verifyEnvelopeSignature,
} from '../../../../src-main/core/governance/dsse';

describe('DSSE pre-authentication encoding', () => {
  it("matches the DSSE specification's example", () => {
    expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString('utf8')).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
  });

  it('counts bytes, not characters', () => {
    expect(pae('t/é', Buffer.from('ü', 'utf8')).toString('utf8')).toBe('DSSEv1 4 t/é 2 ü');
    expect(pae('', Buffer.alloc(0)).toString('utf8')).toBe('DSSEv1 0  0 ');
  });
});

describe('DSSE envelopes', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const envelope = signEnvelope('application/vnd.in-toto+json', Buffer.from('{"a":1}'), privateKey, 'k1');
  const sig = envelope.signatures[0]!.sig;

  it('verifies its own signature over the PAE', () => {
    expect(envelope.payload).toBe(Buffer.from('{"a":1}').toString('base64'));
    expect(verifyEnvelopeSignature(envelope, sig, publicKey)).toBe(true);
  });

  it('rejects another key, a changed payload and a changed payload type (the type is signed too)', () => {
    expect(verifyEnvelopeSignature(envelope, sig, other.publicKey)).toBe(false);
    expect(
      verifyEnvelopeSignature({ ...envelope, payload: Buffer.from('{"a":2}').toString('base64') }, sig, publicKey),
    ).toBe(false);
    expect(verifyEnvelopeSignature({ ...envelope, payloadType: 'application/json' }, sig, publicKey)).toBe(false);
  });

  it('rejects loose base64 and signatures of the wrong length', () => {
    expect(decodeBase64Strict('YQ==')?.toString()).toBe('a');
    expect(decodeBase64Strict('YQ')).toBeNull();
    expect(decodeBase64Strict('Y Q==')).toBeNull();
    expect(decodeBase64Strict('YR==')).toBeNull(); // non-canonical trailing bits
    expect(verifyEnvelopeSignature(envelope, Buffer.alloc(63).toString('base64'), publicKey)).toBe(false);
    expect(verifyEnvelopeSignature({ ...envelope, payload: `${envelope.payload}\n` }, sig, publicKey)).toBe(false);
  });
});
