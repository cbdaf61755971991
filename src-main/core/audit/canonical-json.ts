import { CodedError } from '../../common/result';

/**
 * JSON with object keys sorted (by UTF-16 code units, as Array.prototype.sort does) and no whitespace,
 * so equal values always give equal bytes to hash or sign. Refuses what JSON cannot carry faithfully:
 * non-finite numbers, undefined in arrays, functions, symbols, bigints, cycles and non-plain objects.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(v: unknown, seen: Set<object>): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw new CodedError('invalid-request', `${v} cannot be written as JSON`);
      return JSON.stringify(v); // -0 becomes 0
    case 'object':
      break;
    default:
      throw new CodedError('invalid-request', `a ${typeof v} cannot be written as JSON`);
  }
  const obj = v as object;
  if (seen.has(obj)) throw new CodedError('invalid-request', 'a value that contains itself cannot be written as JSON');
  seen.add(obj);
  let out: string;
  if (Array.isArray(obj)) {
    out = `[${obj.map((x) => (x === undefined ? fail('undefined in an array') : write(x, seen))).join(',')}]`;
  } else {
    const proto = Object.getPrototypeOf(obj) as unknown;
    if (proto !== Object.prototype && proto !== null) fail(`a ${obj.constructor?.name ?? 'non-plain'} object`);
    const rec = obj as Record<string, unknown>;
    const parts: string[] = [];
    for (const k of Object.keys(rec).sort()) {
      if (rec[k] === undefined) continue; // as JSON.stringify: an absent value
      parts.push(`${JSON.stringify(k)}:${write(rec[k], seen)}`);
    }
    out = `{${parts.join(',')}}`;
  }
  seen.delete(obj);
  return out;
}

function fail(what: string): never {
  throw new CodedError('invalid-request', `${what} cannot be written as JSON`);
}
