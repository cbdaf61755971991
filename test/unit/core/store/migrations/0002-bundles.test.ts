import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../../src-main/core/store/store';
import { migration0001 } from '../../../../../src-main/core/store/migrations/0001-audit-log';
import { migration0002 } from '../../../../../src-main/core/store/migrations/0002-bundles';
import { appendAudit, verifyChain } from '../../../../../src-main/core/audit/audit-log';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('migration 0002: bundles', () => {
  it('adds the bundle tables to a version-1 store and keeps its audit log', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m2-'));
    dirs.push(dir);
    const v1 = await openStore(dir, { migrations: [migration0001] });
    v1.transaction((tx) => appendAudit(tx, { actor: 'dana', action: 'test.seed', subject: 'seed', details: { n: 1 } }));
    expect(v1.schemaVersion).toBe(1);
    v1.close();

    const v2 = await openStore(dir, { migrations: [migration0001, migration0002] });
    expect(v2.schemaVersion).toBe(2);
    expect(verifyChain(v2)).toMatchObject({ valid: true });
    expect(v2.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log')?.n).toBeGreaterThanOrEqual(1);
    v2.transaction((tx) => {
      tx.run(
        `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
         VALUES (?, 'n', NULL, '2026-01-01T00:00:00.000Z', 'dana', 'x.zip', 'verified', 'green', 1, 1, '{}', '{}')`,
        ['a'.repeat(64)],
      );
      tx.run('INSERT INTO bundle_files (digest, path, sha256, size) VALUES (?, ?, ?, ?)', [
        'a'.repeat(64),
        'data/x',
        'b'.repeat(64),
        1,
      ]);
    });
    expect(() =>
      v2.transaction((tx) =>
        tx.run(
          `INSERT INTO bundles (digest, name, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
       VALUES (?, 'n', 't', 'a', 's', 'bogus', 'green', 1, 1, '{}', '{}')`,
          ['c'.repeat(64)],
        ),
      ),
    ).toThrow(/CHECK constraint/);
    v2.close();

    const reopened = await openStore(dir, { migrations: [migration0001, migration0002] });
    expect(reopened.get<{ n: number }>('SELECT COUNT(*) AS n FROM bundle_files')?.n).toBe(1);
    reopened.close();
  });
});
