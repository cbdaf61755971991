import type { Migration } from './migration';

/**
 * Governance: signing identities (public part only; the private key stays encrypted in keys/), every
 * imported team file version, module owners, and signed approval decisions (the DSSE envelope as made).
 */
export const migration0005: Migration = {
  version: 5,
  name: 'governance',
  up(tx) {
    tx.run(`CREATE TABLE identities (
      key_id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      email TEXT NOT NULL,
      public_key TEXT NOT NULL,
      created_at TEXT NOT NULL,
      protection TEXT NOT NULL,
      local INTEGER NOT NULL CHECK (local IN (0, 1))
    )`);
    tx.run(`CREATE TABLE team_versions (
      version INTEGER PRIMARY KEY,
      hash TEXT NOT NULL,
      team_json TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      imported_by TEXT NOT NULL
    )`);
    tx.run(`CREATE TABLE module_owners (
      module TEXT NOT NULL,
      email TEXT NOT NULL,
      set_at TEXT NOT NULL,
      set_by TEXT NOT NULL,
      PRIMARY KEY (module, email)
    )`);
    tx.run(`CREATE TABLE approvals (
      id TEXT PRIMARY KEY,
      digest TEXT NOT NULL REFERENCES bundles (digest),
      decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
      key_id TEXT NOT NULL,
      approver_name TEXT NOT NULL,
      approver_email TEXT NOT NULL,
      reason TEXT NOT NULL,
      justifications_json TEXT NOT NULL,
      policy_hash TEXT NOT NULL,
      replay_id TEXT,
      decided_at TEXT NOT NULL,
      audit_seq INTEGER,
      envelope_json TEXT NOT NULL
    )`);
    tx.run('CREATE INDEX approvals_digest ON approvals (digest, decided_at)');
  },
};
