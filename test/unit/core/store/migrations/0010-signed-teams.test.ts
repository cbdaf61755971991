import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../../src-main/core/store/store';
import { migrations } from '../../../../../src-main/core/store/migrations';
import { migration0010 } from '../../../../../src-main/core/store/migrations/0010-signed-teams';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const upTo9 = migrations.filter((m) => m.version <= 9);
const insert = `INSERT INTO signed_team_versions (version, hash, document_json, team_json, signers_json, imported_at, imported_by, pinned) VALUES (?, ?, '{}', '{}', '[]', 't', 'ravi', ?)`;

describe('migration 0010: signed teams', () => {
  it('adds the signed team versions beside the legacy team rows, which it keeps; one version at most is pinned', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m10-'));
    dirs.push(dir);
    const v9 = await openStore(dir, { migrations: upTo9 });
    v9.transaction((tx) =>
      tx.run(
        `INSERT INTO team_versions (version, hash, team_json, imported_at, imported_by) VALUES (1, 'h', '{"members":[]}', 't', 'ravi')`,
      ),
    );
    v9.close();

    const v10 = await openStore(dir, { migrations: [...upTo9, migration0010] });
    try {
      expect(v10.schemaVersion).toBe(10);
      expect(v10.all('SELECT version, hash FROM team_versions')).toEqual([{ version: 1, hash: 'h' }]);
      v10.transaction((tx) => {
        tx.run(insert, [1, 'a', 1]);
        tx.run(insert, [2, 'b', 0]);
      });
      expect(() => v10.transaction((tx) => tx.run(insert, [3, 'c', 1]))).toThrow(/UNIQUE/);
      expect(() => v10.transaction((tx) => tx.run(insert, [3, 'a', 0]))).toThrow(/UNIQUE/);
      expect(() => v10.transaction((tx) => tx.run(insert, [0, 'z', 0]))).toThrow(/CHECK/);
      expect(v10.all('SELECT version, pinned FROM signed_team_versions ORDER BY version')).toEqual([
        { version: 1, pinned: 1 },
        { version: 2, pinned: 0 },
      ]);
    } finally {
      v10.close();
    }
  });
});
