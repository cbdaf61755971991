import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../../src-main/core/store/store';
import { migrations } from '../../../../../src-main/core/store/migrations';
import { migration0007 } from '../../../../../src-main/core/store/migrations/0007-audit-checkpoints';
import { appendAudit, verifyChain } from '../../../../../src-main/core/audit/audit-log';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const upTo6 = migrations.filter((m) => m.version <= 6);
const insert = `INSERT INTO audit_checkpoints (checkpoint_json, sha256, key_id, signer, entries, head, time, imported_at, imported_by, audit_seq)
  VALUES ('{}', ?, 'k', 'this store''s key', ?, 'h', 't', 't', 'dana', 1)`;

describe('migration 0007: kept audit checkpoints', () => {
  it('adds the checkpoint table to a version-6 store, keeping its audit chain', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m7-'));
    dirs.push(dir);
    const v6 = await openStore(dir, { migrations: upTo6 });
    v6.transaction((tx) => appendAudit(tx, { actor: 'dana', action: 'bundle.import', subject: 'x' }));
    v6.close();

    const v7 = await openStore(dir, { migrations: [...upTo6, migration0007] });
    try {
      expect(v7.schemaVersion).toBe(7);
      expect(verifyChain(v7)).toMatchObject({ valid: true, entries: 1 });
      expect(v7.all('SELECT * FROM audit_checkpoints')).toEqual([]);
      v7.transaction((tx) => tx.run(insert, ['a'.repeat(64), 1]));
      // The same checkpoint (by its hash) is kept once; a negative entry count is no checkpoint.
      expect(() => v7.transaction((tx) => tx.run(insert, ['a'.repeat(64), 1]))).toThrow(/UNIQUE/);
      expect(() => v7.transaction((tx) => tx.run(insert, ['b'.repeat(64), -1]))).toThrow(/CHECK/);
    } finally {
      v7.close();
    }
  });
});
