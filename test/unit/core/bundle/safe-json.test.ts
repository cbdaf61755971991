import { describe, expect, it } from 'vitest';
import { parseJsonSafely } from '../../../../src-main/core/bundle/safe-json';

function bad(input: Uint8Array | string, limits?: Parameters<typeof parseJsonSafely>[1]) {
  const r = parseJsonSafely(input, limits, 'data/x.json');
  if (r.ok) throw new Error('expected a failure');
  return r.problem;
}

describe('parseJsonSafely', () => {
  it('parses what JSON.parse parses, to the same values', () => {
    const samples = [
      '{"a":[1,-2.5e3,0.1,true,false,null],"b":{"c":"d\\n\\u00e9\\ud83d\\ude00\\/"}}',
      '  [ ]  ',
      '{}',
      '"\\"\\\\\\b\\f\\r\\t"',
      '-0',
      '1E+2',
      '[[[[]]]]',
    ];
    for (const s of samples) {
      const r = parseJsonSafely(s);
      expect(r.ok).toBe(true);
      if (r.ok) expect(JSON.stringify(r.value)).toBe(JSON.stringify(JSON.parse(s)));
    }
  });

  it('reads UTF-8 bytes and drops a leading BOM', () => {
    const r = parseJsonSafely(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"név":"ö"}')]));
    expect(r).toEqual({ ok: true, value: { név: 'ö' } });
  });

  it('builds objects without a prototype', () => {
    const r = parseJsonSafely('{"a":{"b":1}}');
    if (!r.ok) throw new Error('parse failed');
    const v = r.value as Record<string, Record<string, unknown>>;
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(Object.getPrototypeOf(v.a)).toBeNull();
  });

  it('refuses invalid UTF-8', () => {
    const p = bad(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]));
    expect(p.code).toBe('json-invalid-utf8');
    expect(p.path).toBe('data/x.json');
  });

  it('refuses duplicate keys, naming the pointer and line', () => {
    const p = bad('{\n  "a": {"b": 1,\n  "b": 2}\n}');
    expect(p).toMatchObject({ code: 'json-duplicate-key', pointer: '/a/b', line: 3, path: 'data/x.json' });
    expect(p.message).toContain('"b"');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s and pollutes nothing', (key) => {
    const p = bad(`{"x":[{"${key}":{"polluted":true}}]}`);
    expect(p).toMatchObject({ code: 'json-forbidden-key', pointer: '/x/0' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds depth, string length, keys and size', () => {
    expect(bad('['.repeat(65) + ']'.repeat(65)).code).toBe('json-too-deep');
    expect(parseJsonSafely('['.repeat(64) + ']'.repeat(64)).ok).toBe(true);
    expect(bad('[' + '['.repeat(100_000)).code).toBe('json-too-deep'); // no stack overflow
    expect(bad(`["${'x'.repeat(11)}"]`, { maxStringLength: 10 }).code).toBe('json-string-too-long');
    expect(bad(`{"${'k'.repeat(11)}":1}`, { maxStringLength: 10 }).code).toBe('json-string-too-long');
    expect(bad('{"a":1,"b":2,"c":3}', { maxKeys: 2 }).code).toBe('json-too-many-keys');
    expect(bad('[1,2,3]', { maxBytes: 6 }).code).toBe('json-too-large');
    expect(bad(new TextEncoder().encode('"éé"'), { maxBytes: 5 }).code).toBe('json-too-large');
    expect(bad('"éé"', { maxBytes: 5 }).code).toBe('json-too-large'); // counted in UTF-8 bytes, not characters
  });

  it.each([
    ['', 'unexpected end'],
    ['{"a":1,}', 'expected a string key'],
    ['[1,]', 'unexpected character'],
    ["{'a':1}", 'expected a string key'],
    ['{"a" 1}', 'expected ":"'],
    ['[1 2]', 'expected ","'],
    ['"a\tb"', 'control character'],
    ['"\\x"', 'bad escape'],
    ['"\\u12G4"', 'bad \\u escape'],
    ['01', 'unexpected text after'],
    ['-', 'malformed number'],
    ['1.', 'unexpected text after'],
    ['NaN', 'unexpected character'],
    ['"abc', 'unterminated string'],
    ['{} {}', 'unexpected text after'],
    ['This is a not valid JSON file.', 'unexpected character'],
  ])('reports a syntax error for %j', (text, words) => {
    const p = bad(text);
    expect(p.code).toBe('json-syntax');
    expect(p.message).toContain(words);
    expect(() => JSON.parse(text)).toThrow(); // agrees with the platform parser on what is invalid
  });
});
