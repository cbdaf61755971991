import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bundleDigest, bundleDigestOfFiles } from '../../../../src-main/core/integrity/bundle-digest';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('bundleDigest (BUNDLE-FORMAT "Bundle digest")', () => {
  it('hashes "<lowercase hex> <path>\\n" lines sorted by path', () => {
    expect(
      bundleDigest([
        { path: 'data/b', sha256: B },
        { path: 'data/a', sha256: A },
      ]),
    ).toBe(sha(`${A} data/a\n${B} data/b\n`));
  });

  it('ignores input order and digest case', () => {
    const one = bundleDigest([
      { path: 'data/a', sha256: A },
      { path: 'data/b', sha256: B },
    ]);
    expect(
      bundleDigest([
        { path: 'data/b', sha256: B.toUpperCase() },
        { path: 'data/a', sha256: A },
      ]),
    ).toBe(one);
  });

  it('sorts by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16 (FF21 > D83D)
    const got = bundleDigest([
      { path: 'data/\u{1F600}', sha256: A },
      { path: 'data/\uFF21', sha256: B },
    ]);
    expect(got).toBe(sha(`${B} data/\uFF21\n${A} data/\u{1F600}\n`));
  });

  it('decodes then re-encodes paths: %0A %0D %25 only, hex case normalised', () => {
    const canonical = bundleDigest([{ path: 'data/a%0Ab%25c%0D', sha256: A }]);
    expect(canonical).toBe(sha(`${A} data/a%0Ab%25c%0D\n`));
    expect(bundleDigest([{ path: 'data/a%0ab%25c%0d', sha256: A }])).toBe(canonical);
    // other escapes are literal characters, never decoded: the "%" of a pre-1.0 name like "%7Ex" is a
    // real percent sign, written canonically as %25
    expect(bundleDigest([{ path: 'data/%7Ex', sha256: A }])).toBe(sha(`${A} data/%257Ex\n`));
  });

  it('changes when one digest changes', () => {
    const one = bundleDigest([{ path: 'data/a', sha256: A }]);
    expect(bundleDigest([{ path: 'data/a', sha256: `${'a'.repeat(63)}b` }])).not.toBe(one);
  });
});

describe('bundleDigestOfFiles', () => {
  it('encodes real names first, so a literal "%0A" in a name stays literal', () => {
    expect(bundleDigestOfFiles([{ path: 'data/x%0Ay', sha256: A }])).toBe(sha(`${A} data/x%250Ay\n`));
    expect(bundleDigestOfFiles([{ path: 'data/x\ny', sha256: A }])).toBe(sha(`${A} data/x%0Ay\n`));
  });
});
