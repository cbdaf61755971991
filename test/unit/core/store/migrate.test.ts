import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../../src-main/core/audit/audit-log';
import { checkMigrationList } from '../../../../src-main/core/store/migrate';
import type { Migration } from '../../../../src-main/core/store/migrations/index';
import { migrations } from '../../../../src-main/core/store/migrations/index';
import { openStore } from '../../../../src-main/core/store/store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-migrate-'));
  dirs.push(d);
  return d;
}

const extra: Migration = {
  version: migrations.length + 1,
  name: 'test-extra',
  up: (tx) => tx.run('CREATE TABLE extra (id INTEGER PRIMARY KEY, label TEXT NOT NULL)'),
};

describe('migrations', () => {
  it('applies a new migration once to an existing store, keeping its data', async () => {
    const dir = tempDir();
    const v1 = await openStore(dir);
    v1.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 'kept' }));
    v1.close();
    const v2 = await openStore(dir, { migrations: [...migrations, extra] });
    expect(v2.schemaVersion).toBe(extra.version);
    v2.transaction((tx) => tx.run('INSERT INTO extra (label) VALUES (?)', ['x']));
    expect(v2.get('SELECT subject FROM audit_log')).toEqual({ subject: 'kept' });
    v2.close();
    const again = await openStore(dir, { migrations: [...migrations, extra] }); // not re-run: CREATE would fail
    expect(again.get('SELECT count(*) AS n FROM extra')).toEqual({ n: 1 });
    again.close();
  });

  it('refuses a store written by a newer version, and releases the lock', async () => {
    const dir = tempDir();
    const newer = await openStore(dir, { migrations: [...migrations, extra] });
    newer.close();
    await expect(openStore(dir)).rejects.toMatchObject({
      code: 'store-newer',
      message: expect.stringContaining(`schema ${extra.version}`),
    });
    expect(fs.existsSync(path.join(dir, 'store.lock'))).toBe(false);
    await expect(openStore(dir, { readOnly: true })).rejects.toMatchObject({ code: 'store-newer' });
  });

  it('a read-only open of an older store migrates in memory only', async () => {
    const dir = tempDir();
    (await openStore(dir)).close();
    const r = await openStore(dir, { readOnly: true, migrations: [...migrations, extra] });
    expect(r.schemaVersion).toBe(extra.version);
    r.close();
    const w = await openStore(dir);
    expect(w.schemaVersion).toBe(migrations.length); // nothing was written
    w.close();
  });

  it('rejects a mis-registered list (gap or wrong order)', () => {
    expect(() => checkMigrationList([{ ...extra, version: 2 }])).toThrow(/expected 1/);
    expect(() => checkMigrationList([...migrations, { ...extra, version: extra.version + 1 }])).toThrow(/has version/);
  });
});
