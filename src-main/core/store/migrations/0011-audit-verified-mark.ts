import type { Migration } from './migration';
import type { Tx } from '../store-api';

/**
 * The audit chain's verified-through mark (issue 13): the seq and stored hash of the last entry a check
 * verified, so opening the store verifies only what came after it. `touched_seq` is the lowest seq at or
 * below the mark that an UPDATE, DELETE or INSERT changed since (the log is append-only, so any such write
 * is tampering): the next check starts below it and names the first bad entry without reading the whole log.
 * One row (id 1); a new mark starts at 0, so the first open after this migration verifies every entry.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'audit-verified-mark',
  up(tx: Tx) {
    tx.run(`CREATE TABLE audit_verified (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      through_seq INTEGER NOT NULL CHECK (through_seq >= 0),
      through_hash TEXT NOT NULL,
      verified_at TEXT,
      touched_seq INTEGER
    )`);
    tx.run(
      `INSERT INTO audit_verified (id, through_seq, through_hash, verified_at, touched_seq) VALUES (1, 0, ?, NULL, NULL)`,
      ['0'.repeat(64)],
    );
    const mark = `(SELECT through_seq FROM audit_verified WHERE id = 1)`;
    const touch = (seq: string) =>
      `UPDATE audit_verified SET touched_seq = min(coalesce(touched_seq, ${seq}), ${seq}) WHERE id = 1;`;
    tx.run(`CREATE TRIGGER audit_log_touched_update AFTER UPDATE ON audit_log WHEN min(OLD.seq, NEW.seq) <= ${mark}
      BEGIN ${touch('min(OLD.seq, NEW.seq)')} END`);
    tx.run(`CREATE TRIGGER audit_log_touched_delete AFTER DELETE ON audit_log WHEN OLD.seq <= ${mark}
      BEGIN ${touch('OLD.seq')} END`);
    tx.run(`CREATE TRIGGER audit_log_touched_insert AFTER INSERT ON audit_log WHEN NEW.seq <= ${mark}
      BEGIN ${touch('NEW.seq')} END`);
  },
};
