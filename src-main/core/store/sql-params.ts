import { CodedError } from '../../common/result';

export type SqlValue = string | number | null | Uint8Array;

/** A parameter as stored in the journal's JSON: bytes become `{"b64": …}`, everything else is itself. */
export type EncodedParam = string | number | null | { b64: string };

export function encodeParams(params: readonly SqlValue[]): EncodedParam[] {
  return params.map((p) => {
    if (p instanceof Uint8Array) return { b64: Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('base64') };
    if (typeof p === 'number' && !Number.isFinite(p)) {
      throw new CodedError('invalid-request', `SQL parameter ${String(p)} is not a finite number`);
    }
    if (p === null || typeof p === 'string' || typeof p === 'number') return p;
    throw new CodedError('invalid-request', `SQL parameter of type ${typeof p} is not supported`);
  });
}

export function decodeParams(params: readonly EncodedParam[]): SqlValue[] {
  return params.map((p) => {
    if (p !== null && typeof p === 'object') return new Uint8Array(Buffer.from(p.b64, 'base64'));
    return p;
  });
}
