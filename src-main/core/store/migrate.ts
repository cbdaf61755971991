import { CodedError } from '../../common/result';
import type { Migration, ReadApi, Tx } from './store-api';

/** The schema version recorded in `meta`, or 0 for a database that has none yet. */
export function readSchemaVersion(db: ReadApi): number {
  const hasMeta = db.get(`SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'meta'`);
  if (!hasMeta) return 0;
  const row = db.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`);
  return row ? Number(row.value) : 0;
}

/** Checks the list is strictly increasing from 1 with no gaps, so a mis-registered file fails at once. */
export function checkMigrationList(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new CodedError('internal', `migration ${m.name} has version ${m.version}, expected ${i + 1}`);
    }
  });
}

/**
 * Brings the database to the last version in `list`, one transaction per step so each step and its
 * version bump are applied together or not at all. Refuses a database newer than this code.
 */
export function migrate(
  db: ReadApi,
  transaction: (fn: (tx: Tx) => void) => void,
  list: readonly Migration[],
): { from: number; to: number } {
  checkMigrationList(list);
  const from = readSchemaVersion(db);
  const latest = list.length;
  if (from > latest) {
    throw new CodedError(
      'store-newer',
      `the store was written by a newer version of Provenance Desk (schema ${from}; this version knows up to ${latest})`,
      { schemaVersion: from, supported: latest },
    );
  }
  for (const m of list.slice(from)) {
    transaction((tx) => {
      m.up(tx);
      tx.run(`INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)`, [String(m.version)]);
    });
  }
  return { from, to: latest };
}
