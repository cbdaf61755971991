import type { Migration } from './migration';

/** The meta table (schema_version, store_id) and the hash-chained audit log with its indexes and FTS4 index. */
export const migration0001: Migration = {
  version: 1,
  name: 'audit-log',
  up(tx) {
    tx.run(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`);
    tx.run(`CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY,
      time TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      subject TEXT NOT NULL,
      details_json TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    )`);
    // Each index ends in seq so a filtered page comes back in order without a sort.
    tx.run(`CREATE INDEX audit_log_actor ON audit_log (actor, seq)`);
    tx.run(`CREATE INDEX audit_log_action ON audit_log (action, seq)`);
    tx.run(`CREATE INDEX audit_log_subject ON audit_log (subject, seq)`);
    tx.run(`CREATE INDEX audit_log_time ON audit_log (time)`);
    // Contentless: the text lives in audit_log already; docid = seq. Append-only fits FTS4's contentless rules.
    tx.run(`CREATE VIRTUAL TABLE audit_fts USING fts4 (action, subject, details, content="", tokenize=unicode61)`);
  },
};
