import type { Migration } from './migration';
import type { Tx } from '../store-api';

/**
 * Drift alerts dismissed by a person (issue 17): a false alarm, or a change already known, closed with a reason.
 * One row per dismissed alert, never updated (a dismissal is audited as `drift.dismiss`, its seq kept here).
 */
export const migration0012: Migration = {
  version: 12,
  name: 'drift-dismissals',
  up(tx: Tx) {
    tx.run(`CREATE TABLE drift_dismissals (
      alert_id INTEGER PRIMARY KEY REFERENCES drift_alerts (id),
      reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
      actor TEXT NOT NULL,
      dismissed_at TEXT NOT NULL,
      audit_seq INTEGER NOT NULL
    )`);
  },
};
