import type { Migration } from './migration';
import type { Tx } from '../store-api';

/**
 * Checkpoints imported back into the store (signed heads of earlier exports). Every chain verification
 * checks the store against each of them, so a cut tail or a rewrite below one is caught inside the app.
 * The signed JSON is kept whole; the columns beside it are what listing and checking read.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'audit-checkpoints',
  up(tx: Tx) {
    tx.run(`CREATE TABLE audit_checkpoints (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      checkpoint_json TEXT NOT NULL,
      sha256 TEXT NOT NULL UNIQUE,
      key_id TEXT NOT NULL,
      signer TEXT NOT NULL,
      entries INTEGER NOT NULL CHECK (entries >= 0),
      head TEXT NOT NULL,
      time TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      imported_by TEXT NOT NULL,
      audit_seq INTEGER NOT NULL
    )`);
    tx.run('CREATE INDEX audit_checkpoints_entries ON audit_checkpoints (entries)');
  },
};
