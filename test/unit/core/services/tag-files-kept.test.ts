import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../../src-main/core/audit/audit-log';
import { HELD_TAG_FILE_BYTES } from '../../../../src-main/core/bundle/tag-file-limits';
import { verifyBundle } from '../../../../src-main/core/bundle/verify-bundle';
import { exportBundle } from '../../../../src-main/core/services/export-bundle';
import { importBundle } from '../../../../src-main/core/services/import-bundle';
import { signBundle } from '../../../../src-main/core/services/sign-bundle';
import { openStore } from '../../../../src-main/core/store/store';
import { bagFolder, readSigned, testSigner } from './signing-fixtures';

/**
 * Issue 13: a tag file too large to hold is verified as a stream. Signing copies it from the verified copy; import
 * does not keep it (a warning says so, the audit entry names it), and the exported copy still verifies: its tag
 * manifests no longer list the file.
 */

let dir: string;
let source: string;
const big = Array.from(
  { length: Math.ceil(HELD_TAG_FILE_BYTES / 20) },
  (_, i) => `step ${i}: loss ${Math.sin(i).toFixed(6)}\n`,
).join('');
const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tag-files-kept-'));
  source = bagFolder(path.join(dir, 'bag'), {
    tagAlgorithms: ['sha256', 'md5'],
    extraTags: { 'logs/run.log': big, 'notes.txt': 'small\n' },
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a tag file too large to hold', () => {
  it('is kept by sign: the signed copy carries it and verifies', async () => {
    const dana = testSigner('Dana');
    const signed = await signBundle(source, path.join(dir, 'signed.zip'), { signer: dana.signer });
    const read = await readSigned(signed.file, [dana.trusted]);
    expect(read.report).toMatchObject({ valid: true, problems: [] });
    expect(read.authorship?.signature).toBe('valid');
    const v = await verifyBundle(signed.file, { threads: 1 });
    await v.cleanup();
    expect(v.streamedTagFiles.map((f) => [f.path, f.sha256])).toEqual([['logs/run.log', sha256(big)]]);
    expect(read.tags['tagmanifest-sha256.txt']!.toString()).toContain(`${sha256(big)} logs/run.log\n`);
  });

  it('is not kept by import, which says so; the export leaves it out and still verifies', async () => {
    const store = await openStore(path.join(dir, 'store'));
    try {
      const result = await importBundle(store, source, { actor: 'dana' });
      expect(result).toMatchObject({ imported: true, refused: false, problems: [] });
      expect(result.warnings).toContainEqual(
        expect.objectContaining({
          code: 'tag-files-not-kept',
          path: 'logs/run.log',
          message: expect.stringMatching(/1 tag file\(s\).*"logs\/run\.log"; an export leaves them out/),
        }),
      );
      const entry = listAudit(store, { offset: 0, limit: 5 }).entries.find((e) => e.action === 'bundle.import');
      expect(entry?.details).toMatchObject({ tagFilesNotKept: ['logs/run.log'] });
      const kept = store.all<{ path: string }>('SELECT path FROM bundle_tag_files WHERE digest = ? ORDER BY path', [
        result.bundleDigest,
      ]);
      expect(kept.map((k) => k.path)).toEqual([
        'bag-info.txt',
        'bagit.txt',
        'manifest-sha256.txt',
        'notes.txt',
        'tagmanifest-md5.txt',
        'tagmanifest-sha256.txt',
      ]);

      const out = path.join(dir, 'exported.zip');
      await exportBundle(store, result.bundleDigest!, out, 'dana');
      const v = await verifyBundle(out, { threads: 1 });
      await v.cleanup();
      expect(v.report).toMatchObject({ valid: true, problems: [], bundleDigest: result.bundleDigest });
      expect(v.streamedTagFiles).toEqual([]);
      for (const manifest of ['tagmanifest-sha256.txt', 'tagmanifest-md5.txt']) {
        const text = v.tagFiles[manifest]!.toString();
        expect(text).not.toContain('logs/run.log');
        expect(text).toMatch(/ notes\.txt\n/);
      }
    } finally {
      store.close();
    }
  });
});
