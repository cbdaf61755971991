import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../../src-main/core/store/store';
import { migrations } from '../../../../../src-main/core/store/migrations';
import { migration0013 } from '../../../../../src-main/core/store/migrations/0013-registry-witnesses';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const upTo12 = migrations.filter((m) => m.version <= 12);

describe('migration 0013: registry witnesses and forks', () => {
  it('adds empty witness and fork tables to a version-12 store; a witness is kept once, a fork pair recorded once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m13-'));
    dirs.push(dir);
    const v12 = await openStore(dir, { migrations: upTo12 });
    const audit = v12.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log')?.n;
    v12.close();
    const v13 = await openStore(dir, { migrations: [...upTo12, migration0013] });
    try {
      expect(v13.schemaVersion).toBe(13);
      expect(v13.all('SELECT * FROM registry_witnesses')).toEqual([]);
      expect(v13.all('SELECT * FROM registry_forks')).toEqual([]);
      expect(v13.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log')?.n).toBe(audit);
      const witness = `INSERT INTO registry_witnesses VALUES ('s1', 'store', 'key', 3, 'h', 't', '{}', 'r', 't')`;
      v13.transaction((tx) => tx.run(witness));
      expect(() => v13.transaction((tx) => tx.run(witness))).toThrow(/UNIQUE|PRIMARY/);
      const fork = `INSERT INTO registry_forks (store_id, kind, earlier_sha256, later_sha256, message, detected_at, audit_seq) VALUES ('store', 'lower-entries', 'a', 'b', 'm', 't', 1)`;
      v13.transaction((tx) => tx.run(fork));
      expect(() => v13.transaction((tx) => tx.run(fork))).toThrow(/UNIQUE/);
    } finally {
      v13.close();
    }
  });
});
