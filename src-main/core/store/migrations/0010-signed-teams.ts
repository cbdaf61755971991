import type { Migration } from './migration';
import type { Tx } from '../store-api';

/**
 * Signed team files (issue 12): each signed version the store accepted, numbered by the team itself, with the
 * document as signed (so a file can be rebuilt for teammates), the team it says, the keys whose signatures
 * counted, and which version was pinned by the first signed import. Legacy `team_versions` rows stay as history.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'signed-teams',
  up(tx: Tx) {
    tx.run(`CREATE TABLE signed_team_versions (
      version INTEGER PRIMARY KEY CHECK (version >= 1),
      hash TEXT NOT NULL UNIQUE,
      document_json TEXT NOT NULL,
      team_json TEXT NOT NULL,
      signers_json TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      imported_by TEXT NOT NULL,
      pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1))
    )`);
    // At most one pinned version: the first signed import's, never replaced.
    tx.run('CREATE UNIQUE INDEX signed_team_versions_pin ON signed_team_versions (pinned) WHERE pinned = 1');
  },
};
