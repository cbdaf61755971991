import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../../src-main/core/store/store';
import { migrations } from '../../../../../src-main/core/store/migrations';
import { migration0011 } from '../../../../../src-main/core/store/migrations/0011-audit-verified-mark';
import { appendAudit, verifyChain } from '../../../../../src-main/core/audit/audit-log';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const upTo10 = migrations.filter((m) => m.version <= 10);
const mark = (s: { get<T>(sql: string): T | undefined }) =>
  s.get<{ through_seq: number; through_hash: string; touched_seq: number | null }>(
    'SELECT through_seq, through_hash, touched_seq FROM audit_verified',
  )!;

describe('migration 0011: the audit chain verified-through mark', () => {
  it('adds a mark at 0 to a version-10 store, keeping its chain; writes at or below the mark set touched_seq, appends do not', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m11-'));
    dirs.push(dir);
    const v10 = await openStore(dir, { migrations: upTo10 });
    for (let i = 0; i < 3; i++)
      v10.transaction((tx) => appendAudit(tx, { actor: 'dana', action: 'bundle.import', subject: `x${i}` }));
    v10.close();

    const v11 = await openStore(dir, { migrations: [...upTo10, migration0011] });
    try {
      expect(v11.schemaVersion).toBe(11);
      expect(verifyChain(v11)).toMatchObject({ valid: true, entries: 3 });
      expect(mark(v11)).toEqual({ through_seq: 0, through_hash: '0'.repeat(64), touched_seq: null });
      // One row only, never a negative seq.
      expect(() =>
        v11.transaction((tx) =>
          tx.run(`INSERT INTO audit_verified (id, through_seq, through_hash) VALUES (2, 0, 'h')`),
        ),
      ).toThrow(/CHECK/);
      expect(() => v11.transaction((tx) => tx.run('UPDATE audit_verified SET through_seq = -1'))).toThrow(/CHECK/);

      v11.transaction((tx) =>
        tx.run('UPDATE audit_verified SET through_seq = 3, through_hash = (SELECT hash FROM audit_log WHERE seq = 3)'),
      );
      v11.transaction((tx) => appendAudit(tx, { actor: 'dana', action: 'bundle.import', subject: 'x3' }));
      // above the mark: not its business
      v11.transaction((tx) => tx.run(`UPDATE audit_log SET subject = 'y' WHERE seq = 4`));
      expect(mark(v11).touched_seq).toBeNull();
      v11.transaction((tx) => tx.run(`UPDATE audit_log SET subject = 'y' WHERE seq = 3`));
      expect(mark(v11).touched_seq).toBe(3);
      v11.transaction((tx) => tx.run('DELETE FROM audit_log WHERE seq = 2'));
      expect(mark(v11).touched_seq).toBe(2);
      v11.transaction((tx) => tx.run(`INSERT INTO audit_log VALUES (0, 't', 'a', 'b', 'c', '{}', 'p', 'h')`));
      expect(mark(v11).touched_seq).toBe(0);
    } finally {
      v11.close();
    }
  });
});
