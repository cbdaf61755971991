import { describe, expect, it } from 'vitest';
import { classifyAccess } from '../../../../../src-main/core/bundle/crate/access';
import { isIsoDate } from '../../../../../src-main/core/bundle/crate/dates';
import { CrateGraph, isUriReference, localPath } from '../../../../../src-main/core/bundle/crate/graph';
import { readLicense, spdxFromUrl, suggestSpdx } from '../../../../../src-main/core/bundle/crate/licenses';

describe('isIsoDate', () => {
  it.each([
    '2017',
    '2024-05',
    '2024-05-17',
    '2024-02-29',
    '2024-05-17T01:04:52+01:00',
    '2018-10-25T15:46:35.210973',
    '2021-06-29T16:09:45.814390+00:00',
    '2020-06-25 17:03:04.098286',
    '2021-11-18T02:02:00Z',
    '2024-01-01T10:00',
  ])('accepts %s', (d) => {
    expect(isIsoDate(d)).toBe(true);
  });
  it.each([
    '2024 Jan 01',
    'May 17 2024',
    '2023-02-29',
    '2024-13-01',
    '2024-05-17T25:00:00',
    '17/05/2024',
    '',
    '2024-05-17T10:00:00+25:00',
    '20240517',
  ])('refuses %j', (d) => {
    expect(isIsoDate(d)).toBe(false);
  });
});

describe('licenses', () => {
  it('reads SPDX license URLs', () => {
    expect(spdxFromUrl('https://spdx.org/licenses/MIT')).toBe('MIT');
    expect(spdxFromUrl('http://spdx.org/licenses/CC0-1.0')).toBe('CC0-1.0');
    expect(spdxFromUrl('https://spdx.org/licenses/MIT.html')).toBe('MIT');
    expect(spdxFromUrl('https://spdx.org/licenses/GPL-2.0+.json')).toBe('GPL-2.0+');
    expect(spdxFromUrl('https://example.org/licenses/MIT')).toBeNull();
  });
  it('suggests SPDX ids only for unported Creative Commons URLs', () => {
    expect(suggestSpdx('https://creativecommons.org/licenses/by/4.0/')).toBe('CC-BY-4.0');
    expect(suggestSpdx('https://creativecommons.org/licenses/by-nc-sa/4.0/')).toBe('CC-BY-NC-SA-4.0');
    expect(suggestSpdx('https://creativecommons.org/publicdomain/zero/1.0/')).toBe('CC0-1.0');
    // ported: no certain SPDX id
    expect(suggestSpdx('https://creativecommons.org/licenses/by-nc-sa/3.0/au/')).toBeNull();
  });
  it('joins several licenses with AND and says so', () => {
    const r = readLicense(new CrateGraph(), [{ '@id': 'https://spdx.org/licenses/MIT' }, 'Apache-2.0 OR BSD-3-Clause']);
    expect(r.license).toBe('MIT AND (Apache-2.0 OR BSD-3-Clause)');
    expect(r.problems.map((p) => p.code)).toEqual(['license-multiple']);
  });
  it('reads a license entity whose identifier is an SPDX URL', () => {
    const g = new CrateGraph();
    g.add({
      id: 'https://www.apache.org/licenses/LICENSE-2.0',
      types: ['CreativeWork'],
      props: { identifier: { '@id': 'https://spdx.org/licenses/Apache-2.0' } },
    });
    expect(readLicense(g, { '@id': 'https://www.apache.org/licenses/LICENSE-2.0' })).toEqual({
      license: 'Apache-2.0',
      problems: [],
    });
  });
});

describe('ids and access', () => {
  it('maps @ids to payload paths', () => {
    expect(localPath('./a%20b/c.txt')).toEqual({ raw: 'a%20b/c.txt', decoded: 'a b/c.txt' });
    expect(localPath('50%.png')).toEqual({ raw: '50%.png', decoded: '50%.png' });
    expect(localPath('#run')).toBeNull();
    expect(localPath('https://example.org/x')).toBeNull();
    expect(localPath('mailto:a@b')).toBeNull();
    expect(localPath('./')).toBeNull();
  });
  it('knows a URI reference', () => {
    expect(isUriReference('a%20b.txt')).toBe(true);
    expect(isUriReference('面试.mp4')).toBe(true);
    expect(isUriReference('a b.txt')).toBe(false);
    expect(isUriReference('50%.png')).toBe(false);
  });
  it('classifies access text', () => {
    expect(classifyAccess('CONFIDENTIAL')).toBe('confidential');
    expect(classifyAccess('internal use only')).toBe('unclassified');
    expect(classifyAccess(null)).toBe('unclassified');
  });
});
