import { describe, expect, it } from 'vitest';
import { parseBagInfo } from '../../../../src-main/core/integrity/bag-info';
import { decodeManifestPath, encodeManifestPath, unsafePathReason } from '../../../../src-main/core/integrity/bag-path';
import { parseBagDeclaration } from '../../../../src-main/core/integrity/bagit-declaration';
import { parseFetch } from '../../../../src-main/core/integrity/fetch-parse';
import { parseManifest } from '../../../../src-main/core/integrity/manifest-parse';
import { decodeTag, splitLines } from '../../../../src-main/core/integrity/tag-text';

const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

describe('bagit.txt', () => {
  it.each([
    ['BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n', '1.0'],
    ['BagIt-Version: 0.97\r\nTag-File-Character-Encoding: UTF-8', '0.97'],
    ['BagIt-Version: 0.96\rTag-File-Character-Encoding: ISO-8859-1\r', '0.96'],
  ])('accepts %j', (text, version) => {
    const d = parseBagDeclaration(Buffer.from(text));
    expect(d.problems).toEqual([]);
    expect(d.version).toBe(version);
  });

  it.each([
    ['BagIt-Version : 1.0\nTag-File-Character-Encoding: UTF-8\n', 'first line'],
    ['BagIt-Version: 1.0 \nTag-File-Character-Encoding: UTF-8\n', 'not M.N'],
    ['BagIt-Version:  1.0\nTag-File-Character-Encoding: UTF-8\n', 'not M.N'],
    ['bagit-version: 1.0\nTag-File-Character-Encoding: UTF-8\n', 'first line'],
    ['\uFEFFBagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n', 'byte-order mark'],
    ['BagIt-Version: 2.0\nTag-File-Character-Encoding: UTF-8\n', 'not supported'],
    ['BagIt-Version: 1.0\n', 'exactly two'],
    ['BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\nExtra: 1\n', 'exactly two'],
  ])('rejects %j with a clear message', (text, why) => {
    const d = parseBagDeclaration(Buffer.from(text));
    expect(d.problems[0]).toMatchObject({
      code: 'bagit-txt-invalid',
      path: 'bagit.txt',
      rule: expect.stringContaining('§2.1.1'),
    });
    expect(d.problems.map((p) => p.message).join(' ')).toContain(why);
  });
});

describe('manifest lines', () => {
  it('accepts tabs, several blanks, CRLF/CR, upper-case hex and percent-encoded names', () => {
    const m = parseManifest(
      `${MD5.toUpperCase()}\tdata/a\r\n${MD5}   data/b%0Ac\r${MD5} data/100%25\n`,
      'manifest-md5.txt',
      'md5',
      'payload',
      true,
    );
    expect(m.problems).toEqual([]);
    expect([...m.entries.keys()]).toEqual(['data/a', 'data/b\nc', 'data/100%']);
    expect(m.entries.get('data/a')).toBe(MD5);
  });

  it('tolerates md5sum "*" markers and "./" prefixes with warnings', () => {
    const m = parseManifest(`${MD5} *data/a\n${MD5}  ./data/b\n`, 'manifest-md5.txt', 'md5', 'payload', true);
    expect([...m.entries.keys()]).toEqual(['data/a', 'data/b']);
    expect(m.warnings.map((w) => w.code)).toEqual(['md5sum-marker', 'path-dot-prefix']);
  });

  it('checks the checksum length against the algorithm', () => {
    const m = parseManifest(`${MD5}  data/a\n`, 'manifest-sha256.txt', 'sha256', 'payload', true);
    expect(m.problems[0]!.code).toBe('manifest-line-invalid');
  });

  it('refuses paths that leave the bag, after decoding only %0A %0D %25', () => {
    for (const p of ['../x', 'data/../../x', '/etc/passwd', 'C:\\x', '~/x', 'data\\x']) {
      const m = parseManifest(`${MD5}  ${p}\n`, 'manifest-md5.txt', 'md5', 'payload', true);
      expect(m.refused, p).toBe(true);
      expect(m.problems[0]!.code).toBe('path-unsafe');
    }
    const literal = parseManifest(`${MD5}  data/%2e%2e/x\n`, 'manifest-md5.txt', 'md5', 'payload', true);
    expect(literal.refused).toBe(false);
    expect([...literal.entries.keys()]).toEqual(['data/%2e%2e/x']);
  });

  it('keeps payload and tag manifests apart', () => {
    expect(parseManifest(`${MD5}  bagit.txt\n`, 'manifest-md5.txt', 'md5', 'payload', true).problems[0]!.code).toBe(
      'path-outside-payload',
    );
    expect(parseManifest(`${MD5}  data/a\n`, 'tagmanifest-md5.txt', 'md5', 'tag', true).problems[0]!.code).toBe(
      'tag-manifest-lists-payload',
    );
  });
});

describe('paths', () => {
  it('round-trips the three escapes', () => {
    expect(encodeManifestPath('a\nb\rc%d')).toBe('a%0Ab%0Dc%25d');
    expect(decodeManifestPath('a%0Ab%0dc%25d%7E')).toBe('a\nb\rc%d%7E');
  });
  it.each([
    ['data/a', null],
    ['a/../b', 'contains ".."'],
    ['a//b', 'empty path segment'],
    ['a\0b', 'contains NUL'],
  ])('%j → %j', (p, why) => {
    expect(unsafePathReason(p)).toBe(why);
  });
});

describe('tag file text', () => {
  it('decodes UTF-16 with either BOM, ISO-8859-1, and refuses invalid UTF-8', () => {
    const text = 'Label: caf\u00e9\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeTag(le, 'utf-16')).toMatchObject({ ok: true, text });
    expect(decodeTag(be, 'utf-16')).toMatchObject({ ok: true, text });
    expect(decodeTag(Buffer.from(text, 'latin1'), 'latin1')).toMatchObject({ ok: true, text });
    expect(decodeTag(Buffer.from([0x61, 0xff, 0x62]), 'utf-8')).toMatchObject({ ok: false });
    expect(decodeTag(Buffer.from('ab', 'utf16le'), 'utf-16')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('byte-order mark'),
    });
  });
  it('splits LF, CRLF and CR lines', () => {
    expect(splitLines('a\nb\r\nc\rd')).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('bag-info.txt and fetch.txt', () => {
  it('joins continuation lines and reads Payload-Oxum', () => {
    const info = parseBagInfo('External-Description: one\n  two\nPayload-Oxum: 12.3\n', 'bag-info.txt', true);
    expect(info.fields).toEqual([
      ['External-Description', 'one two'],
      ['Payload-Oxum', '12.3'],
    ]);
    expect(info.oxum).toEqual({ bytes: 12, files: 3 });
  });
  it('rejects a repeated or malformed Payload-Oxum, and colon spacing from 1.0 on', () => {
    expect(parseBagInfo('Payload-Oxum: 1.1\nPayload-Oxum: 1.1\n', 'bag-info.txt', true).problems[0]!.code).toBe(
      'oxum-invalid',
    );
    expect(parseBagInfo('Payload-Oxum: 1\n', 'bag-info.txt', true).problems[0]!.code).toBe('oxum-invalid');
    expect(parseBagInfo('Label : v\n', 'bag-info.txt', true).problems[0]!.code).toBe('bag-info-invalid');
    expect(parseBagInfo('Label : v\n', 'bag-info.txt', false).problems).toEqual([]);
  });
  it('reads fetch lines whose path has spaces, and refuses unsafe ones', () => {
    expect(parseFetch('http://x/y - data/a b.txt\r\n').paths).toEqual(['data/a b.txt']);
    expect(parseFetch('http://x/y 10 ../a\n')).toMatchObject({ refused: true });
  });
});
