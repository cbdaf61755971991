import type { Migration } from './migration';
import type { Tx } from '../store-api';

/**
 * Signed authorship and verified facts (issue 12): what each bundle's `authorship.dsse.json` proved when it
 * arrived (the envelope itself stays among the bundle's tag files), whether the bundle's metadata was refused
 * (kept, listed, never approvable), and the team version each decision was made under.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'authorship',
  up(tx: Tx) {
    tx.run(`CREATE TABLE bundle_authorship (
      digest TEXT PRIMARY KEY REFERENCES bundles (digest),
      envelope_sha256 TEXT NOT NULL,
      key_id TEXT,
      signature TEXT NOT NULL CHECK (signature IN ('valid', 'bad', 'unchecked')),
      claimed_name TEXT,
      claimed_email TEXT,
      claimed_key_id TEXT,
      bundle_name TEXT,
      signed_at TEXT,
      problems_json TEXT NOT NULL
    )`);
    tx.run('CREATE INDEX bundle_authorship_key ON bundle_authorship (key_id)');
    tx.run(
      "ALTER TABLE bundles ADD COLUMN metadata_state TEXT NOT NULL DEFAULT 'ok' CHECK (metadata_state IN ('ok', 'refused'))",
    );
    tx.run('ALTER TABLE approvals ADD COLUMN team_version INTEGER');
  },
};
