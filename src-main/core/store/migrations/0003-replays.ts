import type { Migration } from './migration';

// Every replay of a stored bundle, kept as history: the summary columns the list shows and the whole outcome.
export const migration0003: Migration = {
  version: 3,
  name: 'replays',
  up(tx) {
    tx.run(`CREATE TABLE replays (
      id TEXT PRIMARY KEY,
      digest TEXT NOT NULL REFERENCES bundles (digest),
      started_at TEXT NOT NULL,
      finished_at TEXT NOT NULL,
      actor TEXT NOT NULL,
      verdict TEXT NOT NULL CHECK (verdict IN ('reproduced', 'not-reproduced', 'failed')),
      reason TEXT NOT NULL,
      output_sha256 TEXT,
      duration_ms INTEGER NOT NULL,
      cpu_ms INTEGER NOT NULL,
      peak_rss_bytes INTEGER NOT NULL,
      batch_size INTEGER,
      outcome_json TEXT NOT NULL
    )`);
    // History per bundle, newest first, without a sort.
    tx.run('CREATE INDEX replays_digest_started ON replays (digest, started_at)');
    tx.run('CREATE INDEX replays_started ON replays (started_at)');
  },
};
