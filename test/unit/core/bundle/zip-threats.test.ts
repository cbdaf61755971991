import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { verifyBundle, type VerifyOptions } from '../../../../src-main/core/bundle/verify-bundle';
import { bagFiles, craftZip, rawBag, tempDir, writeRaw, type RawEntry } from './zip-craft';

/** THREATS 1-6 on ZIP bundles, each archive built in code. "Refused" = report says why, staging gone. */
const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
async function run(entries: RawEntry[] | Buffer, options: VerifyOptions = {}) {
  const dir = path.join(root, `case-${n++}`);
  const stagingRoot = path.join(dir, 'staging');
  mkdirSync(stagingRoot, { recursive: true });
  const file = writeRaw(path.join(dir, 'bundle.zip'), Buffer.isBuffer(entries) ? entries : craftZip(entries));
  const result = await verifyBundle(file, { stage: true, stagingRoot, threads: 2, ...options });
  return { result, dir, stagingRoot };
}

async function expectRefused(
  entries: RawEntry[] | Buffer,
  code: string,
  threat: string,
  options: VerifyOptions = {},
  pathPart?: string,
) {
  const { result, dir, stagingRoot } = await run(entries, options);
  expect(result.refused).toBe(true);
  expect(result.report.valid).toBe(false);
  expect(result.bagDir).toBeNull();
  const problem = result.report.problems.find((p) => p.code === code);
  expect(problem, JSON.stringify(result.report.problems)).toBeDefined();
  expect(problem!.rule).toContain(threat);
  if (pathPart !== undefined) expect(problem!.message).toContain(pathPart);
  expect(readdirSync(stagingRoot)).toEqual([]); // staging removed
  expect(readdirSync(dir).sort()).toEqual(['bundle.zip', 'staging']); // nothing written beside it
  expect(existsSync(path.join(root, 'evil.txt'))).toBe(false);
  return result;
}

const base = () => rawBag({ 'a.txt': 'alpha\n' });

describe('THREATS 1: unsafe entry names', () => {
  it.each([
    ['../evil.txt', 'contains ".."'],
    ['data/../../evil.txt', 'contains ".."'],
    ['/evil.txt', 'absolute path'],
    ['C:\\evil.txt', 'backslash'],
    ['C:/evil.txt', 'drive-letter'],
    ['\\\\srv\\share\\evil.txt', 'UNC path'],
    ['//srv/share/evil.txt', 'UNC path'],
    ['data\\evil.txt', 'backslash'],
    ['data/evil\0.txt', 'NUL'],
    ['data/./evil.txt', 'contains "."'],
  ])('refuses %j', async (name, why) => {
    const result = await expectRefused(
      [...base(), { name, data: Buffer.from('x') }],
      'entry-name-unsafe',
      'THREATS 1',
      {},
      why,
    );
    expect(result.report.problems[0]!.path).toBe(name);
  });

  it('never URL-decodes names: "%2e%2e/x" is a harmless literal tag folder, staged inside staging', async () => {
    const { result, stagingRoot } = await run([...base(), { name: '%2e%2e/x.txt', data: Buffer.from('x') }]);
    expect(result.refused).toBe(false);
    expect(result.report.valid).toBe(true);
    expect(readFileSync(path.join(result.bagDir!, '%2e%2e', 'x.txt'), 'utf8')).toBe('x');
    expect(result.bagDir!.startsWith(stagingRoot)).toBe(true);
    await result.cleanup();
    expect(readdirSync(stagingRoot)).toEqual([]);
  });
});

describe('THREATS 2: links and devices', () => {
  it.each([
    ['a symbolic link', 0o120777],
    ['a device, pipe or socket', 0o020644], // character device
    ['a device, pipe or socket', 0o060644], // block device
    ['a device, pipe or socket', 0o010644], // fifo
  ])('refuses %s (mode %o)', async (kind, mode) => {
    await expectRefused(
      [...base(), { name: 'data/link', data: Buffer.from('/etc/passwd'), unixMode: mode }],
      'entry-type-refused',
      'THREATS 2',
      {},
      kind,
    );
  });

  it('accepts ordinary Unix file and folder modes', async () => {
    const { result } = await run([
      { name: 'data/', unixMode: 0o040755 },
      ...base().map((e) => ({ ...e, unixMode: 0o100644 })),
    ]);
    expect(result.report.problems).toEqual([]);
    await result.cleanup();
  });
});

describe('THREATS 3: duplicate names', () => {
  it.each([
    ['exact', 'data/a.txt', 'data/a.txt'],
    ['NFC', 'data/Nu\u0301n\u0303ez', 'data/N\u00fa\u00f1ez'],
    ['case', 'data/README', 'data/readme'],
    ['file and folder', 'data/x', 'data/x/y'],
  ])('refuses names equal by %s', async (_kind, a, b) => {
    await expectRefused(
      [...base(), { name: a, data: Buffer.from('1') }, { name: b, data: Buffer.from('2') }],
      'entry-duplicate',
      'THREATS 3',
    );
  });
});

describe('THREATS 4: sizes, ratios, counts, overlaps', () => {
  it('refuses an entry that inflates past its declared size, deleting the partial file', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024, 'abcdefgh');
    await expectRefused(
      [...base(), { name: 'data/bomb.bin', data: big, method: 8, declaredSize: 1000 }],
      'archive-limit',
      'THREATS 4',
      {},
      'inflates past its declared size',
    );
  });

  it('refuses totals past the limit before reading any data', async () => {
    await expectRefused(base(), 'archive-limit', 'THREATS 4', { limits: { maxTotalBytes: 50 } }, 'the limit is 50');
  });

  it('refuses one entry past the per-entry limit', async () => {
    await expectRefused(base(), 'archive-limit', 'THREATS 4', { limits: { maxEntryBytes: 10 } });
  });

  it('refuses a compression ratio past the limit', async () => {
    await expectRefused(
      [...base(), { name: 'data/zeros.bin', data: Buffer.alloc(16 * 1024 * 1024), method: 8 }],
      'archive-limit',
      'THREATS 4',
      {},
      'expands',
    );
  });

  it('refuses more entries than the limit', async () => {
    await expectRefused(base(), 'archive-limit', 'THREATS 4', { limits: { maxEntries: 3 } }, 'entries');
  });

  it('refuses overlapping entries (two central records, one local file)', async () => {
    const entries = base();
    entries.push({
      name: 'data/b.txt',
      data: Buffer.from('alpha\n'),
      sameOffsetAs: entries.findIndex((e) => e.name === 'data/a.txt'),
    });
    await expectRefused(entries, 'archive-limit', 'THREATS 4', {}, 'overlap');
  });
});

describe('THREATS 5: corrupt archives', () => {
  it('refuses a truncated archive', async () => {
    const whole = craftZip(base());
    await expectRefused(whole.subarray(0, whole.length - 30), 'archive-invalid', 'THREATS 5', {}, 'truncated');
  });

  it('refuses a bad CRC in a payload entry', async () => {
    const entries = base().map((e) => (e.name === 'data/a.txt' ? { ...e, crc: 0x12345678 } : e));
    await expectRefused(entries, 'archive-invalid', 'THREATS 5', {}, 'CRC-32 mismatch');
  });

  it('refuses a bad CRC in a tag file', async () => {
    const entries = base().map((e) => (e.name === 'bagit.txt' ? { ...e, crc: 0x12345678 } : e));
    await expectRefused(entries, 'archive-invalid', 'THREATS 5', {}, 'CRC-32 mismatch');
  });

  it('refuses a local header that disagrees with the central directory', async () => {
    const entries = base().map((e) => (e.name === 'data/a.txt' ? { ...e, localName: 'data/b.txt' } : e));
    await expectRefused(entries, 'archive-invalid', 'THREATS 5', {}, 'disagree on file name');
  });

  it('refuses encrypted entries', async () => {
    // traditional PKWARE encryption: a 12-byte header precedes the (encrypted) data
    const secret = {
      name: 'data/secret.txt',
      flags: 1,
      data: Buffer.concat([Buffer.alloc(12, 7), Buffer.from('secret')]),
      declaredSize: 6,
    };
    await expectRefused([...base(), secret], 'archive-invalid', 'THREATS 5', {}, 'is encrypted');
  });

  it('refuses unknown compression methods', async () => {
    const entries = base().map((e) => (e.name === 'data/a.txt' ? { ...e, method: 12 } : e));
    await expectRefused(entries, 'archive-invalid', 'THREATS 5', {}, 'compression method 12');
  });

  it('refuses a file that is not a ZIP at all', async () => {
    await expectRefused(Buffer.from('definitely not a zip archive, just text'), 'archive-invalid', 'THREATS 5');
  });
});

describe('THREATS 6: a zip inside the bundle', () => {
  it('is payload: verified and staged byte for byte, never extracted', async () => {
    const inner = craftZip([{ name: '../evil.txt', data: Buffer.from('pwned') }]);
    const files = bagFiles({ 'inner.zip': inner });
    const { result, dir } = await run(Object.entries(files).map(([name, data]) => ({ name, data })));
    expect(result.report.problems).toEqual([]);
    const staged = result.payload.find((p) => p.path === 'data/inner.zip')!;
    expect(readFileSync(staged.stagedPath!).equals(inner)).toBe(true);
    expect(existsSync(path.join(dir, 'evil.txt'))).toBe(false);
    expect(readdirSync(path.join(result.bagDir!, 'data'))).toEqual(['inner.zip']);
    await result.cleanup();
  });
});
