import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../../src-main/core/store/store';
import { migrations } from '../../../../../src-main/core/store/migrations';
import { migration0012 } from '../../../../../src-main/core/store/migrations/0012-drift-dismissals';
import { irisLike, sha } from '../../compare/compare-fixtures';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const upTo11 = migrations.filter((m) => m.version <= 11);

describe('migration 0012: drift dismissals', () => {
  it('adds an empty dismissals table to a version-11 store, keeping its alerts open; a dismissal needs a reason and is one per alert', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m12-'));
    dirs.push(dir);
    const v11 = await openStore(dir, { migrations: upTo11 });
    v11.transaction((tx) => {
      tx.run(
        `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
         VALUES (?, 'iris', NULL, '2026-01-01T00:00:00.000Z', 'dana', 'x.zip', 'verified', 'green', 1, 1, '{}', ?)`,
        [sha('1'), JSON.stringify(irisLike())],
      );
      tx.run(
        `INSERT INTO drift_alerts (digest, earlier_digest, kind, subject, before, after, message, suggestion, created_at, audit_seq)
         VALUES (?, ?, 'data', 'test.csv', 'a', 'b', 'm', 'replay to revalidate', '2026-01-01T00:00:00.000Z', 1)`,
        [sha('1'), sha('2')],
      );
    });
    v11.close();

    const v12 = await openStore(dir, { migrations: [...upTo11, migration0012] });
    try {
      expect(v12.schemaVersion).toBe(12);
      expect(v12.all('SELECT * FROM drift_dismissals')).toEqual([]);
      expect(v12.get<{ n: number }>('SELECT COUNT(*) AS n FROM drift_alerts')?.n).toBe(1);
      expect(() =>
        v12.transaction((tx) => tx.run(`INSERT INTO drift_dismissals VALUES (1, '  ', 'dana', 't', 2)`)),
      ).toThrow(/CHECK/);
      v12.transaction((tx) => tx.run(`INSERT INTO drift_dismissals VALUES (1, 'other pipeline', 'dana', 't', 2)`));
      expect(() =>
        v12.transaction((tx) => tx.run(`INSERT INTO drift_dismissals VALUES (1, 'again', 'dana', 't', 3)`)),
      ).toThrow(/UNIQUE|PRIMARY/);
    } finally {
      v12.close();
    }
  });
});
