import type { Problem } from '../../common/problem';
import type { JsonCode } from '../../common/problem-codes';

/**
 * Bounded JSON parsing for untrusted bundle metadata (THREATS 10).
 * A small hand-written parser because JSON.parse cannot report duplicate keys, and because limits
 * (depth, string length, keys per object) must stop the parse early instead of after allocation.
 * Objects are built with a null prototype and `__proto__`/`constructor`/`prototype` keys are refused,
 * so nothing read here can reach Object.prototype.
 */
export interface JsonLimits {
  maxBytes: number; // UTF-8 bytes of the whole document
  maxDepth: number; // nesting of arrays and objects
  maxStringLength: number; // UTF-16 code units of any string or key, after unescaping
  maxKeys: number; // members of any one object
}
export type SafeJsonResult = { ok: true; value: unknown } | { ok: false; problem: Problem };

export const DEFAULT_JSON_LIMITS: JsonLimits = {
  maxBytes: 16 * 1024 * 1024,
  maxDepth: 64,
  maxStringLength: 1024 * 1024,
  maxKeys: 10_000,
};

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

class JsonFailure extends Error {
  constructor(
    readonly code: JsonCode,
    readonly detail: string,
    readonly offset: number,
    readonly pointer: string,
  ) {
    super(detail);
  }
}

export function parseJsonSafely(
  bytes: Uint8Array | string,
  limits?: Partial<JsonLimits>,
  path?: string,
): SafeJsonResult {
  const lim: JsonLimits = { ...DEFAULT_JSON_LIMITS, ...limits };
  const where = path ? { path } : {};
  let text: string;
  if (typeof bytes === 'string') {
    if (utf8Length(bytes, lim.maxBytes) > lim.maxBytes)
      return fail('json-too-large', `larger than ${lim.maxBytes} bytes`);
    text = bytes.charCodeAt(0) === 0xfeff ? bytes.slice(1) : bytes;
  } else {
    if (bytes.byteLength > lim.maxBytes)
      return fail('json-too-large', `${bytes.byteLength} bytes, more than ${lim.maxBytes}`);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // also drops a leading BOM
    } catch {
      return fail('json-invalid-utf8', 'not valid UTF-8');
    }
  }
  try {
    const parser = new Parser(text, lim);
    return { ok: true, value: parser.document() };
  } catch (e) {
    if (!(e instanceof JsonFailure)) throw e;
    const { line, column } = lineAndColumn(text, e.offset);
    return {
      ok: false,
      problem: {
        code: e.code,
        message: `${path ?? 'JSON'}: ${e.detail} (line ${line}, column ${column})`,
        ...where,
        pointer: e.pointer,
        line,
        column,
      },
    };
  }

  function fail(code: JsonCode, detail: string): SafeJsonResult {
    return { ok: false, problem: { code, message: `${path ?? 'JSON'}: ${detail}`, ...where } };
  }
}

/** UTF-8 length of a string, stopping early once past `cap`. */
function utf8Length(s: string, cap: number): number {
  if (s.length > cap) return s.length; // every code unit is at least one byte
  let n = 0;
  for (let i = 0; i < s.length && n <= cap; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

class Parser {
  private pos = 0;
  private readonly trail: (string | number)[] = []; // JSON pointer of the value being read

  constructor(
    private readonly text: string,
    private readonly lim: JsonLimits,
  ) {}

  document(): unknown {
    this.ws();
    const value = this.value(0);
    this.ws();
    if (this.pos < this.text.length) this.fail('json-syntax', 'unexpected text after the JSON value');
    return value;
  }

  private fail(code: JsonCode, detail: string, at = this.pos): never {
    const pointer = this.trail.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
    throw new JsonFailure(code, detail, at, pointer);
  }

  private ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.pos++;
    }
  }

  private value(depth: number): unknown {
    const c = this.text[this.pos];
    if (c === '{' || c === '[') {
      if (depth >= this.lim.maxDepth) this.fail('json-too-deep', `nested deeper than ${this.lim.maxDepth} levels`);
      return c === '{' ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail(
      'json-syntax',
      c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`,
    );
  }

  private object(depth: number): Record<string, unknown> {
    const out = Object.create(null) as Record<string, unknown>;
    const seen = new Set<string>();
    this.pos++; // {
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail('json-syntax', 'expected a string key');
      const keyAt = this.pos;
      const key = this.string();
      if (FORBIDDEN_KEYS.has(key)) this.fail('json-forbidden-key', `forbidden key ${JSON.stringify(key)}`, keyAt);
      if (seen.has(key)) {
        this.trail.push(key);
        this.fail('json-duplicate-key', `duplicate key ${JSON.stringify(key)}`, keyAt);
      }
      seen.add(key);
      if (seen.size > this.lim.maxKeys)
        this.fail('json-too-many-keys', `more than ${this.lim.maxKeys} keys in one object`, keyAt);
      this.ws();
      if (this.text[this.pos] !== ':') this.fail('json-syntax', 'expected ":" after a key');
      this.pos++;
      this.ws();
      this.trail.push(key);
      out[key] = this.value(depth);
      this.trail.pop();
      this.ws();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') return out;
      if (c !== ',') this.fail('json-syntax', 'expected "," or "}" in an object', this.pos - 1);
      this.ws();
    }
  }

  private array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.pos++; // [
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.trail.push(out.length);
      out.push(this.value(depth));
      this.trail.pop();
      this.ws();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ']') return out;
      if (c !== ',') this.fail('json-syntax', 'expected "," or "]" in an array', this.pos - 1);
      this.ws();
    }
  }

  private string(): string {
    const t = this.text;
    const start = ++this.pos; // opening quote
    let out = '';
    let chunk = start;
    for (;;) {
      if (this.pos >= t.length) this.fail('json-syntax', 'unterminated string', start - 1);
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('json-syntax', 'control character in a string');
      if (c === 0x5c) {
        out += t.slice(chunk, this.pos);
        out += this.escape();
        chunk = this.pos;
      } else {
        this.pos++;
      }
      if (out.length + (this.pos - chunk) > this.lim.maxStringLength) {
        this.fail('json-string-too-long', `string longer than ${this.lim.maxStringLength} characters`, start - 1);
      }
    }
    out += t.slice(chunk, this.pos);
    this.pos++; // closing quote
    return out;
  }

  private escape(): string {
    const e = this.text[this.pos + 1];
    this.pos += 2;
    switch (e) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('json-syntax', 'bad \\u escape', this.pos - 2);
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        return this.fail('json-syntax', 'bad escape in a string', this.pos - 2);
    }
  }

  private number(): number {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!m) return this.fail('json-syntax', 'malformed number');
    this.pos += m[0].length;
    return Number(m[0]);
  }
}
