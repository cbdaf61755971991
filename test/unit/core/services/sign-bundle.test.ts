import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBundle } from '../../../../src-main/core/services/sign-bundle';
import { verifyBundle } from '../../../../src-main/core/bundle/verify-bundle';
import { sampleBundle } from '../../../helpers/cli';
import { tamperPayload } from '../../../helpers/zip-edit';
import { craftZip } from '../bundle/zip-craft';
import { bagFolder, readSigned, testSigner } from './signing-fixtures';

let dir: string;
const dana = testSigner('Dana');
const kim = testSigner('Kim');
const at = new Date('2026-03-01T09:00:00.000Z');
const now = () => at;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sign-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const out = (name: string) => path.join(dir, name);

async function digestOf(file: string): Promise<string | null> {
  const v = await verifyBundle(file, { threads: 1 });
  await v.cleanup();
  return v.report.bundleDigest;
}

describe('signBundle', () => {
  it('writes a signed copy of the sample: same bundle digest, valid bag, an envelope that reads as valid with the local key', async () => {
    const signed = await signBundle(sampleBundle, out('signed.zip'), { signer: dana.signer, now });
    expect(signed).toMatchObject({
      file: out('signed.zip'),
      bundleDigest: await digestOf(sampleBundle),
      signer: { name: 'Dana', email: 'dana@example.org', keyId: dana.signer.keyId },
      signedAt: at.toISOString(),
      replaced: false,
    });
    const read = await readSigned(signed.file, [dana.trusted]);
    expect(read.report).toMatchObject({ valid: true, problems: [], bundleDigest: signed.bundleDigest });
    expect(read.authorship).toMatchObject({
      signature: 'valid',
      problems: [],
      keyId: dana.signer.keyId,
      claimed: signed.signer,
      bundleName: 'Iris species logistic regression',
      signedAt: at.toISOString(),
    });
    // the tag manifest lists the envelope with its digest; the other tag files are the source's, byte for byte
    const envelope = read.tags['authorship.dsse.json']!;
    expect(read.tags['tagmanifest-sha256.txt']!.toString()).toContain(`${sha256(envelope)} authorship.dsse.json\n`);
    const source = await verifyBundle(sampleBundle, { threads: 1 });
    await source.cleanup();
    for (const name of ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt'])
      expect(read.tags[name]).toEqual(source.tagFiles[name]);
    expect(
      read.tags['tagmanifest-sha256.txt']!.toString().startsWith(source.tagFiles['tagmanifest-sha256.txt']!.toString()),
    ).toBe(true);
  });

  it('refuses a bundle already signed, naming the signer its envelope claims; replace swaps the signature, one line for it', async () => {
    const first = out('signed.zip');
    if (!existsSync(first)) await signBundle(sampleBundle, first, { signer: dana.signer, now });
    const again = signBundle(first, out('again.zip'), { signer: kim.signer, now });
    await expect(again).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(
        /already signed by Dana <dana@example\.org> \(key [0-9a-f]{16}, as its envelope claims\)/,
      ),
      details: { reason: 'already-signed', signer: { name: 'Dana', keyId: dana.signer.keyId } },
    });
    expect(existsSync(out('again.zip'))).toBe(false);

    const replaced = await signBundle(first, out('replaced.zip'), { signer: kim.signer, replace: true, now });
    expect(replaced).toMatchObject({
      replaced: true,
      replacedSigner: { name: 'Dana' },
      signer: { name: 'Kim' },
      bundleDigest: await digestOf(sampleBundle),
    });
    const read = await readSigned(replaced.file, [dana.trusted, kim.trusted]);
    expect(read.report.valid).toBe(true);
    expect(read.authorship).toMatchObject({ signature: 'valid', keyId: kim.signer.keyId, problems: [] });
    expect(read.tags['tagmanifest-sha256.txt']!.toString().match(/authorship\.dsse\.json/g)).toHaveLength(1);
  });

  it('refuses a bundle that does not verify, and writes nothing', async () => {
    const tampered = out('tampered.zip');
    await tamperPayload(sampleBundle, tampered, 'eval/test.csv');
    const before = readdirSync(dir).sort();
    await expect(signBundle(tampered, out('tampered-signed.zip'), { signer: dana.signer, now })).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringMatching(/does not verify, so it cannot be signed/),
      details: { reason: 'invalid', problems: [expect.objectContaining({ code: 'checksum-mismatch' })] },
    });
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('refuses a hostile archive before anything is written (no output, no temp or staging files)', async () => {
    const hostile = out('hostile.zip');
    writeFileSync(
      hostile,
      craftZip([
        { name: 'bagit.txt', data: Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n') },
        { name: '../escape.txt', data: Buffer.from('x') },
      ]),
    );
    const before = readdirSync(dir).sort();
    await expect(signBundle(hostile, out('hostile-signed.zip'), { signer: dana.signer, now })).rejects.toMatchObject({
      code: 'refused',
    });
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('refuses a weak bag (md5 manifests only): it has no bundle digest', async () => {
    const weak = bagFolder(path.join(dir, 'weak-bag'), { algorithms: ['md5'] });
    await expect(signBundle(weak, out('weak.zip'), { signer: dana.signer, now })).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringMatching(/no bundle digest to sign: its only manifests are md5/),
      details: { reason: 'weak' },
    });
    expect(existsSync(out('weak.zip'))).toBe(false);
  });

  it('refuses an existing output, naming it', async () => {
    writeFileSync(out('taken.zip'), 'mine');
    await expect(signBundle(sampleBundle, out('taken.zip'), { signer: dana.signer, now })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(`${out('taken.zip')} already exists`),
    });
  });

  it('signs a folder bag without a tag manifest: tagmanifest-sha256.txt is written over bagit, bag-info, the manifests and the envelope', async () => {
    const bag = bagFolder(path.join(dir, 'plain-bag'), { extraTags: { 'notes/readme.txt': 'kept\n' } });
    const signed = await signBundle(bag, out('folder.zip'), { signer: dana.signer, now });
    expect(signed.bundleDigest).toBe(await digestOf(bag));
    const read = await readSigned(signed.file, [dana.trusted]);
    expect(read.report).toMatchObject({ valid: true, problems: [] });
    expect(read.authorship).toMatchObject({ signature: 'valid', problems: [], bundleName: 'Folder bag' });
    const listed = read.tags['tagmanifest-sha256.txt']!.toString()
      .trim()
      .split('\n')
      .map((l) => l.split(' ')[1]);
    expect(listed).toEqual(['authorship.dsse.json', 'bag-info.txt', 'bagit.txt', 'manifest-sha256.txt']);
    expect(read.tags['notes/readme.txt']!.toString()).toBe('kept\n');
  });

  it('lists the envelope in every tag manifest (sha512 and md5, CRLF lines kept) and keeps extra payload manifests', async () => {
    const bag = bagFolder(path.join(dir, 'multi-bag'), {
      algorithms: ['sha256', 'sha512'],
      tagAlgorithms: ['sha512', 'md5'],
      eol: '\r\n',
    });
    const signed = await signBundle(bag, out('multi.zip'), { signer: dana.signer, now });
    const read = await readSigned(signed.file, [dana.trusted]);
    expect(read.report).toMatchObject({ valid: true, problems: [], algorithms: ['sha256', 'sha512'] });
    const envelope = read.tags['authorship.dsse.json']!;
    expect(read.tags['tagmanifest-sha512.txt']!.toString()).toMatch(
      new RegExp(`\\r\\n${createHash('sha512').update(envelope).digest('hex')} authorship\\.dsse\\.json\\r\\n$`),
    );
    expect(read.tags['tagmanifest-md5.txt']!.toString()).toMatch(
      new RegExp(`${createHash('md5').update(envelope).digest('hex')} authorship\\.dsse\\.json\\r\\n$`),
    );
    expect(read.tags['tagmanifest-sha256.txt']).toBeUndefined();
  });

  it('a source that cannot be read is not-found, with nothing written', async () => {
    mkdirSync(path.join(dir, 'empty'), { recursive: true });
    await expect(
      signBundle(path.join(dir, 'nowhere.zip'), path.join(dir, 'empty', 'x.zip'), { signer: dana.signer, now }),
    ).rejects.toMatchObject({ code: 'not-found' });
    expect(readdirSync(path.join(dir, 'empty'))).toEqual([]);
  });
});
