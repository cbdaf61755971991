import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleDescription } from '../../../../src-main/core/bundle-writer/bundle-description';
import type { PayloadInput } from '../../../../src-main/core/bundle-writer/write-bag-zip';
import { writeBundle } from '../../../../src-main/core/bundle-writer/write-bundle';
import { compressionLevelFor } from '../../../../src-main/core/bundle-writer/write-bag-zip';
import { readWritten } from './written-bundle';
import { readSigned, testSigner } from '../services/signing-fixtures';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'write-bundle-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function description(files: BundleDescription['files'], extra: Partial<BundleDescription> = {}): BundleDescription {
  return {
    name: 'Written bundle',
    description: 'a bundle written by the test',
    hypothesis: 'the writer makes bundles the verifier accepts',
    author: { name: 'Dana Reyes', email: 'dana@example.org' },
    license: 'MIT',
    access: 'public',
    datePublished: '2026-11-26',
    run: { id: 'run-123', name: 'test run', startTime: '2026-11-26T10:00:00Z', endTime: '2026-11-26T10:01:00Z' },
    files,
    modules: [
      {
        name: 'trainer',
        version: '1.0.0',
        repository: 'https://git.example.org/t',
        commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
        files: files.filter((f) => f.role === 'code').map((f) => f.path),
      },
    ],
    pipeline: { name: 'trainer pipeline', version: '1.0.0' },
    parameters: { C: 1, solver: 'lbfgs', standardize: false },
    metrics: { accuracy: 0.5 },
    replay: null,
    environment: {
      os: 'Linux',
      arch: 'x86_64',
      runtime: { name: 'python', version: '3.11.7' },
      packages: { numpy: '1.26.4' },
    },
    ...extra,
  };
}

const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8');

describe('writeBundle', () => {
  it('writes a BagIt 1.0 zip that verifies with no problem and whose metadata reads with no problem', async () => {
    const big = path.join(dir, 'big.bin');
    const data = randomBytes(3 * 1024 * 1024 + 17); // incompressible: the verifier refuses zip-bomb ratios
    writeFileSync(big, data);
    const files: BundleDescription['files'] = [
      { path: 'code/train.py', role: 'code' },
      { path: 'data/train.csv', role: 'data', license: 'CC-BY-4.0', access: 'internal' },
      { path: 'model/weights.bin', role: 'model', license: 'Apache-2.0 OR MIT' },
    ];
    const sources = new Map<string, PayloadInput>([
      ['code/train.py', { path: 'code/train.py', bytes: bytes('print(1)\n') }],
      ['data/train.csv', { path: 'data/train.csv', bytes: bytes('a,b\n1,2\n') }],
      ['model/weights.bin', { path: 'model/weights.bin', file: big }],
    ]);
    const out = path.join(dir, 'one.bundle.zip');
    const written = await writeBundle(out, description(files), sources, { now: new Date('2026-11-26T12:00:00Z') });
    expect(written.warnings).toEqual([]);
    expect(written.files).toBe(5); // three files, environment.json, the crate

    const { report, meta, tags } = await readWritten(out);
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report).toMatchObject({
      valid: true,
      complete: true,
      weak: false,
      bagitVersion: '1.0',
      bundleDigest: written.bundleDigest,
      files: 5,
    });
    expect(meta.problems).toEqual([]);
    expect(meta.conformsTo).toContain('urn:provenance-desk:bundle:1');
    expect(meta.name).toBe('Written bundle');
    expect(meta.author).toMatchObject({ name: 'Dana Reyes', email: 'dana@example.org' });
    expect(meta.run).toMatchObject({
      hypothesis: 'the writer makes bundles the verifier accepts',
      parameters: { C: 1, solver: 'lbfgs', standardize: false },
      metrics: { accuracy: 0.5 },
    });
    const byPath = Object.fromEntries(meta.files.map((f) => [f.path, f]));
    expect(byPath['code/train.py']).toMatchObject({ role: 'code', license: 'MIT', licenseInherited: true });
    expect(byPath['data/train.csv']).toMatchObject({ role: 'data', license: 'CC-BY-4.0', access: 'internal' });
    expect(byPath['model/weights.bin']).toMatchObject({
      role: 'model',
      license: 'Apache-2.0 OR MIT',
      sha256: createHash('sha256').update(data).digest('hex'),
      size: data.length,
    });
    expect(byPath['env/environment.json']?.role).toBe('environment');
    expect(meta.modules[0]).toMatchObject({
      name: 'trainer',
      identifier: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      files: ['code/train.py'],
    });
    expect(meta.pipeline?.requirements).toEqual([
      { name: 'python', version: '3.11.7' },
      { name: 'numpy', version: '1.26.4' },
    ]);
    expect(meta.environment).toMatchObject({ runtime: { name: 'python', version: '3.11.7' } });

    // bag-info and the tag manifest
    expect(tags['bag-info.txt']).toMatch(/^Bagging-Date: 2026-11-26$/m);
    expect(tags['bag-info.txt']).toMatch(/^External-Identifier: run-123$/m);
    expect(tags['bag-info.txt']).toMatch(new RegExp(`^Payload-Oxum: ${report.bytes}\\.5$`, 'm'));
    expect(tags['bag-info.txt']).toMatch(/^Bag-Software-Agent: provdesk /m);
    expect(
      tags['tagmanifest-sha256.txt']
        ?.split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[1]),
    ).toEqual(['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt']);
    // the manifest is written in the digest's normal form, so its own sha256 is the bundle digest
    expect(
      createHash('sha256')
        .update(tags['manifest-sha256.txt'] ?? '')
        .digest('hex'),
    ).toBe(written.bundleDigest);
    expect(readdirSync(dir).filter((n) => n.includes('.partial-'))).toEqual([]);
  });

  it('encodes LF, CR and % in manifest paths and gives crate @ids that are URI references', async () => {
    const odd = 'results/50% of\nrows\r.txt';
    const files: BundleDescription['files'] = [
      { path: odd, role: 'result' },
      { path: 'results/with space.txt', role: 'result' },
    ];
    const sources = new Map<string, PayloadInput>(files.map((f) => [f.path, { path: f.path, bytes: bytes(f.path) }]));
    const out = path.join(dir, 'odd.bundle.zip');
    const written = await writeBundle(out, description(files, { modules: [], environment: null }), sources);
    const { report, meta, tags } = await readWritten(out);
    expect(tags['manifest-sha256.txt']).toContain('data/results/50%25 of%0Arows%0D.txt');
    expect(report.valid).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.bundleDigest).toBe(written.bundleDigest);
    expect(meta.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(meta.problems.map((p) => p.code)).not.toContain('crate-id-not-uri');
    expect(meta.files.map((f) => f.path).sort()).toEqual(
      ['results/50% of\nrows\r.txt', 'results/with space.txt', 'ro-crate-metadata.json'].sort(),
    );
  });

  it('refuses what would make a bad bundle before writing anything', async () => {
    const out = path.join(dir, 'refused.bundle.zip');
    const attempt = (files: BundleDescription['files'], extra: Partial<BundleDescription> = {}) =>
      writeBundle(
        out,
        description(files, extra),
        new Map(files.map((f) => [f.path, { path: f.path, bytes: bytes('x') }])),
      );
    await expect(attempt([{ path: '../escape.txt', role: 'data' }])).rejects.toThrow(/contains "\.\."/);
    await expect(attempt([{ path: '/abs.txt', role: 'data' }])).rejects.toThrow(/absolute path/);
    await expect(attempt([{ path: 'replay.json', role: 'data' }])).rejects.toThrow(/written by the packer itself/);
    await expect(
      attempt([
        { path: 'A.txt', role: 'data' },
        { path: 'a.txt', role: 'data' },
      ]),
    ).rejects.toThrow(/listed twice/);
    await expect(attempt([], { replay: { task: 'classification', model: 'm.onnx', metrics: [] } })).rejects.toThrow(
      /replay: /,
    );
    await expect(attempt([], { metrics: { loss: Number.NaN } })).rejects.toThrow(/not a finite number/);
    expect(readdirSync(dir).filter((n) => n.startsWith('refused'))).toEqual([]);
  });

  it('leaves neither the target nor a temp file when a source cannot be read', async () => {
    const sub = path.join(dir, 'missing');
    mkdirSync(sub);
    const out = path.join(sub, 'x.bundle.zip');
    const files: BundleDescription['files'] = [{ path: 'data/gone.csv', role: 'data' }];
    await expect(
      writeBundle(
        out,
        description(files),
        new Map([['data/gone.csv', { path: 'data/gone.csv', file: path.join(sub, 'gone.csv') }]]),
      ),
    ).rejects.toThrow(/cannot read/);
    expect(readdirSync(sub)).toEqual([]);
  });

  it('gives the same bundle digest for the same payload written twice', async () => {
    const files: BundleDescription['files'] = [{ path: 'data/a.csv', role: 'data' }];
    const src = new Map<string, PayloadInput>([['data/a.csv', { path: 'data/a.csv', bytes: bytes('a\n1\n') }]]);
    const now = new Date('2026-01-02T00:00:00Z');
    const a = await writeBundle(path.join(dir, 'a.zip'), description(files), src, { now });
    const b = await writeBundle(path.join(dir, 'b.zip'), description(files), src, { now });
    expect(a.bundleDigest).toBe(b.bundleDigest);
    expect(readFileSync(path.join(dir, 'a.zip')).length).toBeGreaterThan(0);
  });

  it('stores what does not compress and deflates what does', () => {
    expect(compressionLevelFor(randomBytes(64 * 1024), 6)).toBe(0);
    expect(compressionLevelFor(Buffer.from('a,b,c\n1,2,3\n'.repeat(5000)), 6)).toBe(6);
    expect(compressionLevelFor(Buffer.from('tiny'), 6)).toBe(6);
  });

  it('signs in the same pass when asked: the envelope is in the zip, listed in the tag manifest, valid, and the digest is the unsigned one', async () => {
    const files: BundleDescription['files'] = [
      { path: 'data/a.csv', role: 'data' },
      { path: 'code/t.py', role: 'code' },
    ];
    const src = new Map<string, PayloadInput>([
      ['data/a.csv', { path: 'data/a.csv', bytes: bytes('a\n1\n') }],
      ['code/t.py', { path: 'code/t.py', bytes: bytes('print(2)\n') }],
    ]);
    const now = new Date('2026-01-02T00:00:00Z');
    const { signer, trusted } = testSigner('Dana');
    const plain = await writeBundle(path.join(dir, 'plain.zip'), description(files), src, { now });
    const signed = await writeBundle(path.join(dir, 'signed.zip'), description(files), src, {
      now,
      sign: { signer, now: () => now },
    });
    expect(plain.signer).toBeNull();
    expect(signed).toMatchObject({
      bundleDigest: plain.bundleDigest,
      signer: { name: 'Dana', email: 'dana@example.org', keyId: signer.keyId },
      signedAt: now.toISOString(),
    });
    const read = await readSigned(signed.file, [trusted]);
    expect(read.report).toMatchObject({ valid: true, problems: [], bundleDigest: plain.bundleDigest });
    expect(read.authorship).toMatchObject({
      signature: 'valid',
      problems: [],
      bundleName: 'Written bundle',
      signedAt: now.toISOString(),
    });
    const envelope = read.tags['authorship.dsse.json']!;
    expect(read.tags['tagmanifest-sha256.txt']!.toString()).toContain(
      `${createHash('sha256').update(envelope).digest('hex')} authorship.dsse.json\n`,
    );
  });
});
