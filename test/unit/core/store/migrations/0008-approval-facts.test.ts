import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../../src-main/core/store/store';
import { migrations } from '../../../../../src-main/core/store/migrations';
import { migration0008 } from '../../../../../src-main/core/store/migrations/0008-approval-facts';
import { approvalInbox } from '../../../../../src-main/core/governance/approval-inbox';
import { runMeta, sha } from '../../governance/governance-helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const upTo7 = migrations.filter((m) => m.version <= 7);

describe('migration 0008: approval facts', () => {
  it("indexes each stored bundle's author, pipeline and module versions, and the inbox reads the same from the row as from the metadata", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m8-'));
    dirs.push(dir);
    const v7 = await openStore(dir, { migrations: upTo7 });
    v7.transaction((tx) => {
      tx.run(
        `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
         VALUES (?, 'run 1', 'Dana', '2026-01-01T00:00:00.000Z', 'dana', 'x.zip', 'verified', 'green', 1, 1, '{}', ?)`,
        [sha('1'), JSON.stringify(runMeta('run 1', 'dana@example.org', [['loader', '1.0']], 'iris pipeline'))],
      );
    });
    v7.close();

    const v8 = await openStore(dir, { migrations: [...upTo7, migration0008] });
    try {
      expect(v8.schemaVersion).toBe(8);
      expect(v8.all('SELECT * FROM bundle_approval_facts')).toEqual([
        {
          digest: sha('1'),
          author_email: 'dana@example.org',
          author_name: 'dana@example.org',
          pipeline: 'iris pipeline',
          modules_json: expect.stringContaining('"version":"1.0"'),
        },
      ]);
    } finally {
      v8.close();
    }
    // The inbox of today's schema, from the row and (the row removed) from the metadata.
    const latest = await openStore(dir);
    try {
      const fromRow = approvalInbox(latest, null);
      latest.transaction((tx) => tx.run('DELETE FROM bundle_approval_facts'));
      expect(approvalInbox(latest, null)).toEqual(fromRow);
      expect(fromRow.items).toMatchObject([{ bundleDigest: sha('1'), author: 'dana@example.org' }]);
    } finally {
      latest.close();
    }
  });

  it('keeps the modules as the metadata holds them, and nulls where the metadata has no author or pipeline', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m8-'));
    dirs.push(dir);
    const meta = { ...runMeta('run 2', 'x@example.org', [['lo"ad\\er ü', '1.0']]), author: null, pipeline: null };
    const v7 = await openStore(dir, { migrations: upTo7 });
    v7.transaction((tx) => {
      tx.run(
        `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
         VALUES (?, 'run 2', NULL, '2026-01-01T00:00:00.000Z', 'dana', 'x.zip', 'verified', 'green', 1, 1, '{}', ?)`,
        [sha('2'), JSON.stringify(meta)],
      );
    });
    v7.close();
    const v8 = await openStore(dir, { migrations: [...upTo7, migration0008] });
    try {
      expect(v8.all('SELECT * FROM bundle_approval_facts')).toEqual([
        {
          digest: sha('2'),
          author_email: null,
          author_name: null,
          pipeline: null,
          modules_json: JSON.stringify(meta.modules),
        },
      ]);
    } finally {
      v8.close();
    }
  });
});
