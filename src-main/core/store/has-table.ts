import type { ReadApi } from './store-api';

/** Whether the store has a table: a read-only open of a store written by an older build lacks the newer ones. */
export function hasTable(db: ReadApi, name: string): boolean {
  return db.get("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?", [name]) !== undefined;
}
