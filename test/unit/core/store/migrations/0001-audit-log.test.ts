import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit, listAudit } from '../../../../../src-main/core/audit/audit-log';
import { migration0001 } from '../../../../../src-main/core/store/migrations/0001-audit-log';
import { migrations } from '../../../../../src-main/core/store/migrations/index';
import { openStore } from '../../../../../src-main/core/store/store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('migration 0001 audit-log', () => {
  it('is registered first with version 1', () => {
    expect(migrations[0]).toBe(migration0001);
    expect(migration0001.version).toBe(1);
  });

  it('turns an empty database (version 0) into meta + audit_log + indexes + FTS4', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-m1-'));
    dirs.push(dir);
    const s = await openStore(dir, { migrations: [migration0001] });
    expect(s.schemaVersion).toBe(1);
    expect(s.get(`SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual({ value: '1' });
    const names = s
      .all<{ name: string }>(
        `SELECT name FROM sqlite_master WHERE name LIKE 'audit%' AND type IN ('table','index') ORDER BY name`,
      )
      .map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'audit_fts',
        'audit_log',
        'audit_log_action',
        'audit_log_actor',
        'audit_log_subject',
        'audit_log_time',
      ]),
    );
    const cols = s.all<{ name: string }>(`PRAGMA table_info(audit_log)`).map((c) => c.name);
    expect(cols).toEqual(['seq', 'time', 'actor', 'action', 'subject', 'details_json', 'prev_hash', 'hash']);
    s.transaction((tx) =>
      appendAudit(tx, { actor: 'a', action: 'bundle.imported', subject: 'b1', details: { note: 'Zebra crossing' } }),
    );
    expect(listAudit(s, { text: 'zebra' }).total).toBe(1); // FTS kept in the same transaction
    s.close();
  });
});
