import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../../src-main/core/bundle/archive-limits';
import {
  HELD_TAG_FILE_BYTES,
  HELD_TAG_FILES_BYTES,
  planTagFiles,
} from '../../../../src-main/core/bundle/tag-file-limits';
import { verifyBundle, type VerifyOptions } from '../../../../src-main/core/bundle/verify-bundle';
import { bagFiles, craftZip, tempDir, writeRaw, writeZip } from '../bundle/zip-craft';

/**
 * Issue 13 (THREATS 4): the tag files verification reads as text are capped, each and together, and refused past
 * their caps; other tag files are held only while small and otherwise hashed as a stream, still checked against
 * the tag manifests. The memory bound itself is test/unit/core/integrity/tag-file-memory.test.ts.
 */

const work = tempDir();
afterAll(() => rmSync(work, { recursive: true, force: true }));
const MiB = 1024 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A valid bag with `extra` tag files, every tag file listed in tagmanifest-sha256.txt. */
function bag(
  extra: Record<string, Buffer>,
  tamper: (files: Record<string, Buffer>) => void = () => {},
): Record<string, Buffer> {
  const files = { ...bagFiles({ 'a.txt': 'alpha\n' }), ...extra };
  const listed = Object.keys(files)
    .filter((n) => !n.startsWith('data/'))
    .sort();
  files['tagmanifest-sha256.txt'] = Buffer.from(listed.map((n) => `${sha256(files[n]!)}  ${n}\n`).join(''));
  tamper(files);
  return files;
}

let n = 0;
function writeFolder(files: Record<string, Buffer>): string {
  const dir = path.join(work, `folder-${n++}`);
  for (const [p, buf] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), buf);
  }
  return dir;
}

const containers = [
  ['folder', async (files: Record<string, Buffer>) => writeFolder(files)],
  ['zip', async (files: Record<string, Buffer>) => writeZip(path.join(work, `bag-${n++}.zip`), files)],
] as const;

async function verify(source: string, options: VerifyOptions = {}) {
  const v = await verifyBundle(source, { threads: 1, ...options });
  return { v, codes: v.report.problems.map((p) => p.code) };
}

// Not text-compressible past the zip-bomb ratio: a large tag file a real tool might write.
const noise = (bytes: number, seed: number) => {
  const buf = Buffer.alloc(bytes);
  let x = seed;
  for (let i = 0; i < bytes; i++) buf[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
  return buf;
};

describe.each(containers)('tag files in a %s bundle', (_kind, write) => {
  it('streams a large unknown tag file: verified against the tag manifest, not held, staged with the payload', async () => {
    const big = noise(HELD_TAG_FILE_BYTES + 4096, 7);
    const source = await write(bag({ 'notes/run.log': big, 'small.txt': Buffer.from('kept\n') }));
    const { v, codes } = await verify(source, { stage: true, stagingRoot: work });
    try {
      expect(codes).toEqual([]);
      expect(v.report.valid).toBe(true);
      expect(Object.keys(v.tagFiles).sort()).toEqual([
        'bag-info.txt',
        'bagit.txt',
        'manifest-sha256.txt',
        'small.txt',
        'tagmanifest-sha256.txt',
      ]);
      expect(v.streamedTagFiles).toEqual([
        {
          path: 'notes/run.log',
          size: big.length,
          sha256: sha256(big),
          stagedPath: path.join(v.bagDir!, 'notes/run.log'),
        },
      ]);
      expect(readFileSync(v.streamedTagFiles[0]!.stagedPath!).equals(big)).toBe(true);
    } finally {
      await v.cleanup();
    }
  });

  it('names a streamed tag file whose digest the tag manifest contradicts', async () => {
    const big = noise(HELD_TAG_FILE_BYTES + 1, 8);
    const source = await write(
      bag({ 'notes/run.log': big }, (files) => (files['notes/run.log'] = noise(big.length, 9))),
    );
    const { v, codes } = await verify(source);
    await v.cleanup();
    expect(codes).toEqual(['checksum-mismatch']);
    expect(v.report.problems[0]).toMatchObject({
      path: 'notes/run.log',
      algorithm: 'sha256',
      expected: sha256(big),
      actual: sha256(noise(big.length, 9)),
    });
  });

  it('refuses a known tag file over its cap, naming the file and the limit', async () => {
    const source = await write(
      bag({}, (files) => (files['bagit.txt'] = Buffer.concat([files['bagit.txt']!, Buffer.alloc(64 * 1024, 0x0a)]))),
    );
    const { v, codes } = await verify(source);
    expect(v.refused).toBe(true);
    expect(codes).toEqual(['tag-file-too-large']);
    expect(v.report.problems[0]).toMatchObject({
      path: 'bagit.txt',
      limit: 65536,
      message: expect.stringMatching(/"bagit\.txt" has \d+ bytes; the limit for this tag file is 65536/),
    });
  });

  it('refuses known tag files over the total cap, naming the largest and the limit', async () => {
    const source = await write(bag({}));
    const { v, codes } = await verify(source, { limits: { maxTagBytes: 300 } });
    expect(v.refused).toBe(true);
    expect(codes).toEqual(['tag-files-too-large']);
    expect(v.report.problems[0]).toMatchObject({
      path: 'tagmanifest-sha256.txt',
      limit: 300,
      message: expect.stringMatching(/hold \d+ bytes in all; the limit is 300 \(largest: "tagmanifest-sha256\.txt"/),
    });
  });
});

describe('which tag files are held', () => {
  it('holds every known tag file and small others up to the total; streams the rest', () => {
    const files = new Map<string, number>([
      ['bagit.txt', 55],
      ['manifest-sha256.txt', 40 * MiB],
      ['authorship.dsse.json', 4 * MiB],
      ['data/huge.bin', 900 * MiB],
      ['big.log', HELD_TAG_FILE_BYTES + 1],
      ...Array.from({ length: 9 }, (_, i) => [`notes/${i}.txt`, HELD_TAG_FILE_BYTES] as [string, number]),
    ]);
    const plan = planTagFiles(files, DEFAULT_LIMITS);
    expect(plan.problems).toEqual([]);
    expect(plan.streamed).toEqual(['big.log', 'notes/8.txt']); // 8 × 1 MiB fill the 8 MiB for other tag files
    expect(plan.read).toEqual([
      'authorship.dsse.json',
      'bagit.txt',
      'manifest-sha256.txt',
      ...Array.from({ length: 8 }, (_, i) => `notes/${i}.txt`),
    ]);
    expect(HELD_TAG_FILES_BYTES).toBe(8 * HELD_TAG_FILE_BYTES);
  });

  it('refuses an envelope or a manifest past its cap from the sizes alone', () => {
    const plan = planTagFiles(
      new Map([
        ['authorship.dsse.json', 33 * MiB],
        ['tagmanifest-sha512.txt', 65 * MiB],
        ['manifest-md5.txt', 1],
      ]),
      DEFAULT_LIMITS,
    );
    expect(plan.problems.map((p) => [p.code, p.path, p.limit])).toEqual([
      ['tag-file-too-large', 'authorship.dsse.json', 32 * MiB],
      ['tag-file-too-large', 'tagmanifest-sha512.txt', 64 * MiB],
    ]);
  });
});

describe('a streamed tag entry is still read whole (THREATS 5)', () => {
  it('refuses one whose CRC-32 is wrong', async () => {
    const files = bag({ 'notes/run.log': noise(HELD_TAG_FILE_BYTES + 1, 3) });
    const raw = craftZip(
      Object.entries(files).map(([name, data]) => ({
        name,
        data,
        ...(name === 'notes/run.log' ? { crc: 0x1234 } : {}),
      })),
    );
    const { v, codes } = await verify(writeRaw(path.join(work, 'bad-crc.zip'), raw));
    expect(v.refused).toBe(true);
    expect(codes).toEqual(['archive-invalid']);
    expect(v.report.problems[0]!.message).toMatch(/notes\/run\.log.*CRC-32/);
  });
});
