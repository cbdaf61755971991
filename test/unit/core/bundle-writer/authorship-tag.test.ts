import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tagFilesWithAuthorship } from '../../../../src-main/core/bundle-writer/authorship-tag';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const bagit = Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
const envelope = Buffer.from('{"payloadType":"application/vnd.in-toto+json"}\n');

describe('tagFilesWithAuthorship', () => {
  it('replaces an earlier envelope line (however written) and keeps every other byte, the BOM and the line ends', () => {
    const manifest = Buffer.from(
      `\xEF\xBB\xBF${sha256(bagit)}  bagit.txt\r\n${'0'.repeat(64)} *./authorship.dsse.json\r\n${sha256('é')}\tdata-notes/é.txt`,
      'latin1',
    );
    const tags = new Map([
      ['bagit.txt', bagit],
      ['tagmanifest-sha256.txt', manifest],
      ['authorship.dsse.json', Buffer.from('old')],
    ]);
    const out = tagFilesWithAuthorship(tags, envelope);
    expect(out.get('authorship.dsse.json')).toBe(envelope);
    expect(out.get('bagit.txt')).toBe(bagit);
    expect(out.get('tagmanifest-sha256.txt')!.toString('latin1')).toBe(
      `\xEF\xBB\xBF${sha256(bagit)}  bagit.txt\r\n${sha256('é')}\tdata-notes/é.txt\r\n${sha256(envelope)} authorship.dsse.json\r\n`,
    );
  });

  it('refuses what it cannot rewrite without breaking the bag', () => {
    const utf16 = Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-16\n');
    expect(() => tagFilesWithAuthorship(new Map([['bagit.txt', utf16]]), envelope)).toThrow(
      /UTF-8 or ISO-8859-1 tag files only/,
    );
    const listsOther = new Map([
      ['bagit.txt', bagit],
      ['tagmanifest-sha256.txt', Buffer.from(`${'a'.repeat(64)} tagmanifest-md5.txt\n`)],
      ['tagmanifest-md5.txt', Buffer.from('')],
    ]);
    expect(() => tagFilesWithAuthorship(listsOther, envelope)).toThrow(/lists the tag manifest tagmanifest-md5\.txt/);
    expect(() =>
      tagFilesWithAuthorship(
        new Map([
          ['bagit.txt', bagit],
          ['tagmanifest-sha3.txt', Buffer.from('')],
        ]),
        envelope,
      ),
    ).toThrow(/cannot compute/);
  });
});
