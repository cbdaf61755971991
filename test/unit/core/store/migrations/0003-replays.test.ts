import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../../src-main/core/store/store';
import { migration0001 } from '../../../../../src-main/core/store/migrations/0001-audit-log';
import { migration0002 } from '../../../../../src-main/core/store/migrations/0002-bundles';
import { migration0003 } from '../../../../../src-main/core/store/migrations/0003-replays';
import { appendAudit, verifyChain } from '../../../../../src-main/core/audit/audit-log';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const digest = 'a'.repeat(64);
const insertReplay = (id: string, verdict: string): [string, string[]] => [
  `INSERT INTO replays (id, digest, started_at, finished_at, actor, verdict, reason, output_sha256, duration_ms, cpu_ms, peak_rss_bytes, batch_size, outcome_json)
   VALUES (?, ?, '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:01.000Z', 'dana', ?, 'r.', NULL, 1000, 900, 1048576, 64, '{}')`,
  [id, digest, verdict],
];

describe('migration 0003: replays', () => {
  it('adds the replays table to a version-2 store, keeping its bundles and audit log', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m3-'));
    dirs.push(dir);
    const v2 = await openStore(dir, { migrations: [migration0001, migration0002] });
    v2.transaction((tx) => {
      tx.run(
        `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
         VALUES (?, 'n', NULL, '2026-01-01T00:00:00.000Z', 'dana', 'x.zip', 'verified', 'green', 1, 1, '{}', '{}')`,
        [digest],
      );
      appendAudit(tx, { actor: 'dana', action: 'bundle.import', subject: digest });
    });
    expect(v2.schemaVersion).toBe(2);
    v2.close();

    const v3 = await openStore(dir, { migrations: [migration0001, migration0002, migration0003] });
    expect(v3.schemaVersion).toBe(3);
    expect(verifyChain(v3)).toMatchObject({ valid: true });
    expect(v3.get<{ n: number }>('SELECT COUNT(*) AS n FROM bundles')?.n).toBe(1);
    v3.transaction((tx) => {
      tx.run(...insertReplay('r1', 'reproduced'));
      tx.run(...insertReplay('r2', 'failed'));
    });
    expect(() => v3.transaction((tx) => tx.run(...insertReplay('r3', 'maybe')))).toThrow(/CHECK constraint/);
    expect(() => v3.transaction((tx) => tx.run(...insertReplay('r1', 'reproduced')))).toThrow(/UNIQUE|PRIMARY/);
    v3.close();

    const reopened = await openStore(dir, { migrations: [migration0001, migration0002, migration0003] });
    expect(reopened.all('SELECT id, verdict FROM replays ORDER BY id')).toEqual([
      { id: 'r1', verdict: 'reproduced' },
      { id: 'r2', verdict: 'failed' },
    ]);
    reopened.close();
  });
});
