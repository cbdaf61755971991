import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../../../src-main/common/schemas/job';
import { verifyReportSchema } from '../../../../src-main/common/schemas/bundle';
import { verifyBundle } from '../../../../src-main/core/bundle/verify-bundle';
import { bagFiles, tempDir, writeZip } from './zip-craft';

const SAMPLE = path.resolve(__dirname, '../../../../assets/samples/iris-logreg.bundle.zip');
// Computed once independently: unzip -p … manifest-sha256.txt | tr -d '\r' | awk (lowercase, one space)
// | LC_ALL=C sort -k2 | sha256sum
const SAMPLE_DIGEST = '0f80ddfe6c9b8b00d59e32b4b06ddf008c7ab99f1f33126239065c10d1d690a3';

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const d = path.join(root, `t${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};
function writeFolder(dir: string, files: Record<string, Buffer>): string {
  for (const [p, buf] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), buf);
  }
  return dir;
}
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const PAYLOAD = { 'a.txt': 'alpha\n', 'sub/b.csv': 'x,y\n1,2\n', 'odd%name.txt': 'percent\n' };

describe('the sample bundle', () => {
  it('verifies valid with its known bundle digest', async () => {
    const r = await verifyBundle(SAMPLE);
    expect(verifyReportSchema.parse(r.report)).toEqual(r.report);
    expect(r.report).toMatchObject({
      valid: true,
      complete: true,
      weak: false,
      bagitVersion: '1.0',
      bundleDigest: SAMPLE_DIGEST,
      files: 8,
      bytes: 9820,
      algorithms: ['sha256'],
    });
    expect(r.report.problems).toEqual([]);
    expect(r.refused).toBe(false);
    const json = await r.readPayloadText('data/ro-crate-metadata.json', 1 << 20);
    expect(JSON.parse(json!)['@graph']).toBeInstanceOf(Array);
    expect(await r.readPayloadText('data/nope.json', 1 << 20)).toBeNull();
    await expect(r.readPayloadText('data/ro-crate-metadata.json', 10)).rejects.toMatchObject({ code: 'refused' });
    expect(existsSync(path.join(r.bagDir!, 'bagit.txt'))).toBe(true); // extracted tag files
    await r.cleanup();
    expect(existsSync(r.bagDir!)).toBe(false);
  });

  it('stages every file in a private folder, hashing during the copy', async () => {
    const stagingRoot = fresh();
    const progress: Progress[] = [];
    const r = await verifyBundle(SAMPLE, { stage: true, stagingRoot, onProgress: (p) => progress.push(p) });
    expect(r.report.valid).toBe(true);
    expect(r.bagDir!.startsWith(stagingRoot)).toBe(true);
    expect(r.payload).toHaveLength(8);
    for (const f of r.payload) {
      const bytes = readFileSync(f.stagedPath!);
      expect(bytes.length).toBe(f.size);
      expect(sha256(bytes)).toBe(f.sha256);
    }
    expect(Object.keys(r.tagFiles).sort()).toEqual([
      'bag-info.txt',
      'bagit.txt',
      'manifest-sha256.txt',
      'tagmanifest-sha256.txt',
    ]);
    expect(progress.at(-1)).toMatchObject({
      stage: 'done',
      bytesDone: 9820,
      bytesTotal: 9820,
      filesDone: 8,
      filesTotal: 8,
    });
    await r.cleanup();
    expect(readdirSync(stagingRoot)).toEqual([]);
  });
});

describe('bundle digest across containers', () => {
  it('is the same for a folder, a zip at the root, in one top folder, stored or deflated, CRLF, upper-case digests', async () => {
    const digests = new Set<string>();
    const variants: [Record<string, Buffer>, { prefix?: string; compress?: boolean }][] = [
      [bagFiles(PAYLOAD), {}],
      [bagFiles(PAYLOAD), { prefix: 'my-bundle/' }],
      [bagFiles(PAYLOAD), { compress: false }],
      [bagFiles(PAYLOAD, { eol: '\r\n' }), {}],
      [bagFiles(PAYLOAD, { upper: true }), {}],
    ];
    for (const [files, opts] of variants) {
      const r = await verifyBundle(await writeZip(path.join(fresh(), 'b.zip'), files, opts));
      expect(r.report.problems).toEqual([]);
      digests.add(r.report.bundleDigest!);
      await r.cleanup();
    }
    const folder = await verifyBundle(writeFolder(fresh(), bagFiles(PAYLOAD)));
    expect(folder.report.valid).toBe(true);
    expect(folder.bagDir).toBe(path.join(root, `t${n - 1}`));
    digests.add(folder.report.bundleDigest!);
    expect(digests.size).toBe(1);

    const changed = await verifyBundle(writeFolder(fresh(), bagFiles({ ...PAYLOAD, 'a.txt': 'alphA\n' })));
    expect(changed.report.valid).toBe(true);
    expect(changed.report.bundleDigest).not.toBe([...digests][0]);
  });
});

describe('findings', () => {
  it('names path, algorithm, expected and actual digest on a mismatch (THREATS 7)', async () => {
    const files = bagFiles(PAYLOAD);
    files['data/a.txt'] = Buffer.from('alphb\n');
    const r = await verifyBundle(await writeZip(path.join(fresh(), 'b.zip'), files));
    expect(r.report.valid).toBe(false);
    expect(r.report.complete).toBe(true);
    expect(r.report.problems).toEqual([
      expect.objectContaining({
        code: 'checksum-mismatch',
        path: 'data/a.txt',
        algorithm: 'sha256',
        expected: sha256('alpha\n'),
        actual: sha256('alphb\n'),
        rule: expect.stringContaining('RFC 8493 §3'),
      }),
    ]);
    await r.cleanup();
  });

  it('reports missing and unlisted files with their paths (THREATS 8), and the Payload-Oxum first', async () => {
    const files = bagFiles(PAYLOAD);
    delete files['data/a.txt'];
    files['data/extra.txt'] = Buffer.from('surprise');
    const r = await verifyBundle(writeFolder(fresh(), files));
    expect(r.report.complete).toBe(false);
    const byCode = Object.fromEntries(r.report.problems.map((p) => [p.code, p]));
    expect(byCode['oxum-mismatch']).toBeDefined();
    expect(byCode['file-missing']).toMatchObject({ path: 'data/a.txt' });
    expect(byCode['file-unexpected']).toMatchObject({ path: 'data/extra.txt' });
  });

  it('verifies md5-only bags but flags them weak (THREATS 9)', async () => {
    const dir = fresh();
    const files = bagFiles(PAYLOAD);
    delete files['manifest-sha256.txt'];
    files['manifest-md5.txt'] = Buffer.from(
      Object.entries(PAYLOAD)
        .map(([p, c]) => `${createHash('md5').update(c).digest('hex')}  data/${p.replace('%', '%25')}\n`)
        .join(''),
    );
    const r = await verifyBundle(writeFolder(dir, files));
    expect(r.report).toMatchObject({ valid: true, weak: true, bundleDigest: null, algorithms: ['md5'] });
    expect(r.report.warnings.map((w) => w.code)).toContain('weak-algorithms');
    expect(r.payload.find((f) => f.path === 'data/a.txt')!.sha256).toBe(sha256('alpha\n')); // always computed
  });

  it('refuses fetch.txt naming a file that is not in the bag (THREATS 9), without downloading', async () => {
    const files = bagFiles(PAYLOAD);
    files['fetch.txt'] = Buffer.from('https://example.org/big.bin 100 data/big.bin\n');
    const r = await verifyBundle(writeFolder(fresh(), files), { stage: true, stagingRoot: fresh() });
    expect(r.refused).toBe(true);
    expect(r.report.problems.map((p) => p.code)).toContain('fetch-unsupported');
    expect(r.report.problems.find((p) => p.code === 'fetch-unsupported')!.path).toBe('data/big.bin');
  });

  it('rejects bagit.txt with a space before the colon, which bagit-python accepts', async () => {
    const files = bagFiles(PAYLOAD);
    files['bagit.txt'] = Buffer.from('BagIt-Version : 1.0\nTag-File-Character-Encoding: UTF-8\n');
    const r = await verifyBundle(writeFolder(fresh(), files));
    expect(r.report.problems.map((p) => p.code)).toEqual(['bagit-txt-invalid']);
  });

  it('readPayloadText reads only verified bytes: changed files and invalid UTF-8 are refused', async () => {
    const dir = writeFolder(fresh(), bagFiles({ 'a.txt': 'alpha\n', 'bin.txt': Buffer.from([0x61, 0xff, 0x62]) }));
    const r = await verifyBundle(dir);
    expect(r.report.valid).toBe(true);
    await expect(r.readPayloadText('data/bin.txt', 100)).rejects.toMatchObject({
      code: 'refused',
      details: { reason: 'invalid-utf8' },
    });
    writeFileSync(path.join(dir, 'data', 'a.txt'), 'alphA\n');
    await expect(r.readPayloadText('data/a.txt', 100)).rejects.toMatchObject({
      code: 'refused',
      details: { reason: 'changed' },
    });
  });

  it('explains a bag in a top folder beside other top-level entries (e.g. __MACOSX)', async () => {
    const files: Record<string, Buffer> = {};
    for (const [p, b] of Object.entries(bagFiles(PAYLOAD))) files[`bundle/${p}`] = b;
    files['__MACOSX/bundle/._bagit.txt'] = Buffer.from('mac');
    const r = await verifyBundle(await writeZip(path.join(fresh(), 'b.zip'), files));
    expect(r.report.valid).toBe(false);
    expect(r.report.problems.map((p) => p.code)).toContain('bag-root-ambiguous');
    await r.cleanup();
  });

  it('throws not-found for a missing source', async () => {
    await expect(verifyBundle(path.join(root, 'nope.zip'))).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('cancel', () => {
  const big = () => {
    const payload: Record<string, Buffer> = {};
    for (let i = 0; i < 4; i++) payload[`part-${i}.bin`] = Buffer.alloc(24 * 1024 * 1024, i + 1);
    return bagFiles(payload);
  };
  it.each(['folder', 'zip'])('stops a %s import, rejects with cancelled and removes staging', async (kind) => {
    const dir = fresh();
    const source =
      kind === 'folder'
        ? writeFolder(path.join(dir, 'bag'), big())
        : await writeZip(path.join(dir, 'b.zip'), big(), { compress: false });
    const stagingRoot = fresh();
    const ac = new AbortController();
    const promise = verifyBundle(source, {
      stage: true,
      stagingRoot,
      threads: 1,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.stage === 'staging' && p.bytesDone > 0) ac.abort(); // mid-copy: partial files exist
      },
    });
    await expect(promise).rejects.toMatchObject({ code: 'cancelled' });
    expect(readdirSync(stagingRoot)).toEqual([]);
  });
});
