import { type KeyObject, sign, verify } from 'node:crypto';
import type { DsseEnvelope } from '../../common/schemas/governance';

/** DSSE v1 (secure-systems-lab/dsse, protocol.md): signatures cover the pre-authentication encoding, never raw JSON. */

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body; LEN is the byte length in ASCII decimal. */
export function pae(payloadType: string, body: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${body.length} `, 'utf8'),
    body,
  ]);
}

/** One Ed25519 signature over PAE(payloadType, payload). */
export function signEnvelope(payloadType: string, payload: Buffer, privateKey: KeyObject, keyid: string): DsseEnvelope {
  const sig = sign(null, pae(payloadType, payload), privateKey);
  return { payloadType, payload: payload.toString('base64'), signatures: [{ keyid, sig: sig.toString('base64') }] };
}

/** Strict base64 (standard alphabet, padded as written): a payload that decodes loosely is not the signed one. */
export function decodeBase64Strict(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/** Whether `sig` (base64) is publicKey's Ed25519 signature over the envelope's PAE. */
export function verifyEnvelopeSignature(envelope: DsseEnvelope, sig: string, publicKey: KeyObject): boolean {
  const payload = decodeBase64Strict(envelope.payload);
  const signature = decodeBase64Strict(sig);
  if (!payload || !signature || signature.length !== 64) return false;
  try {
    return verify(null, pae(envelope.payloadType, payload), publicKey, signature);
  } catch {
    return false;
  }
}
