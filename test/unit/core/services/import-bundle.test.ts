import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../../../src-main/core/store/store';
import { importBundle } from '../../../../src-main/core/services/import-bundle';
import { exportBundle } from '../../../../src-main/core/services/export-bundle';
import { verifyBundle } from '../../../../src-main/core/bundle/verify-bundle';
import { listAudit, verifyChain } from '../../../../src-main/core/audit/audit-log';
import { replacePayloadFiles, tamperPayload } from '../../../helpers/zip-edit';
import { sampleBundle } from '../../../helpers/cli';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-import-'));
  store = await openStore(path.join(dir, 'store'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (sql: string) => store.get<{ n: number }>(sql)?.n ?? 0;
const stagingEmpty = () => !existsSync(store.blobs.stagingDir()) || readdirSync(store.blobs.stagingDir()).length === 0;

describe('importBundle', () => {
  it('stores payload content-addressed, records the bundle and audits it in one go', async () => {
    const result = await importBundle(store, sampleBundle, { actor: 'dana' });
    expect(result).toMatchObject({ imported: true, refused: false });
    const digest = result.bundleDigest as string;
    expect(count('SELECT COUNT(*) AS n FROM bundles')).toBe(1);
    const files = store.all<{ sha256: string }>('SELECT sha256 FROM bundle_files WHERE digest = ?', [digest]);
    expect(files).toHaveLength(8);
    for (const f of files) expect(store.blobs.has(f.sha256)).toBe(true);
    const entries = listAudit(store, { offset: 0, limit: 10 }).entries.filter((e) => e.action === 'bundle.import');
    expect(entries[0]).toMatchObject({ actor: 'dana', subject: digest });
    expect(verifyChain(store).valid).toBe(true);
    expect(stagingEmpty()).toBe(true);
  });

  it('says a second import of the same digest changed nothing', async () => {
    const first = await importBundle(store, sampleBundle, { actor: 'dana' });
    const again = await importBundle(store, sampleBundle, { actor: 'dana' });
    expect(again).toMatchObject({ imported: false, refused: false, bundleDigest: first.bundleDigest });
    expect(count('SELECT COUNT(*) AS n FROM bundles')).toBe(1);
  });

  it('refuses a tampered bundle: nothing stored, staging cleared, refusal audited', async () => {
    const tampered = path.join(dir, 'tampered.zip');
    await tamperPayload(sampleBundle, tampered, 'data/model/model.onnx');
    const result = await importBundle(store, tampered, { actor: 'dana' });
    expect(result.refused).toBe(true);
    expect(result.problems).toContainEqual(
      expect.objectContaining({ code: 'checksum-mismatch', path: 'data/model/model.onnx' }),
    );
    expect(count('SELECT COUNT(*) AS n FROM bundles')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM bundle_files')).toBe(0);
    expect(stagingEmpty()).toBe(true);
    const refusal = listAudit(store, { offset: 0, limit: 10, action: 'bundle.import-refused' }).entries[0];
    expect(refusal?.details).toMatchObject({ source: 'tampered.zip' });
  });

  it('keeps a bundle whose metadata is not UTF-8 as refused-metadata, naming the file (its bytes verified; it is never approvable)', async () => {
    const broken = path.join(dir, 'latin1.zip');
    await replacePayloadFiles(sampleBundle, broken, () => ({
      'data/ro-crate-metadata.json': Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]),
    }));
    expect((await verifyBundle(broken)).report.valid).toBe(true); // the bag itself is fine
    const result = await importBundle(store, broken, { actor: 'dana' });
    expect(result).toMatchObject({ refused: false, imported: true, status: 'refused-metadata' });
    expect(result.problems).toContainEqual(
      expect.objectContaining({ code: 'metadata-unreadable', path: 'data/ro-crate-metadata.json' }),
    );
    expect(store.get<{ metadata_state: string }>('SELECT metadata_state FROM bundles')?.metadata_state).toBe('refused');
    expect(listAudit(store, { offset: 0, limit: 5, action: 'bundle.import-refused' }).total).toBe(0);
  });

  it('cancels cleanly: no bundle, no staging left', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(importBundle(store, sampleBundle, { actor: 'dana', signal: controller.signal })).rejects.toMatchObject(
      { code: 'cancelled' },
    );
    expect(count('SELECT COUNT(*) AS n FROM bundles')).toBe(0);
    expect(stagingEmpty()).toBe(true);
  });

  it('exports a stored bundle that verifies with the same digest', async () => {
    const { bundleDigest } = await importBundle(store, sampleBundle, { actor: 'dana' });
    const out = path.join(dir, 'out.zip');
    await exportBundle(store, bundleDigest as string, out, 'dana');
    const verified = await verifyBundle(out);
    await verified.cleanup();
    expect(verified.report).toMatchObject({ valid: true, bundleDigest });
  });
});
