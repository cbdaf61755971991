import type { Migration } from './migration';
import type { Tx } from '../store-api';

/**
 * The team registry (issue 15): teammates' signed audit checkpoints seen in a registry, kept as witnesses, and the
 * forks found between two of one store's checkpoints (same entry count with another head, a lower count later, or
 * another key). Rows are only added: what was seen stays seen.
 */
export const migration0013: Migration = {
  version: 13,
  name: 'registry-witnesses',
  up(tx: Tx) {
    tx.run(`CREATE TABLE registry_witnesses (
      sha256 TEXT PRIMARY KEY,
      store_id TEXT NOT NULL,
      key_id TEXT NOT NULL,
      entries INTEGER NOT NULL,
      head TEXT NOT NULL,
      time TEXT NOT NULL,
      checkpoint_json TEXT NOT NULL,
      reference TEXT NOT NULL,
      seen_at TEXT NOT NULL
    )`);
    tx.run('CREATE INDEX registry_witnesses_store ON registry_witnesses (store_id, entries)');
    tx.run(`CREATE TABLE registry_forks (
      id INTEGER PRIMARY KEY,
      store_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      earlier_sha256 TEXT NOT NULL,
      later_sha256 TEXT NOT NULL,
      message TEXT NOT NULL,
      detected_at TEXT NOT NULL,
      audit_seq INTEGER NOT NULL,
      UNIQUE (earlier_sha256, later_sha256)
    )`);
  },
};
