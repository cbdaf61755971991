import type { Migration } from './migration';

// Imported bundles, their payload files (content in the blob store by SHA-256) and their tag files.
export const migration0002: Migration = {
  version: 2,
  name: 'bundles',
  up(tx) {
    tx.run(`CREATE TABLE bundles (
      digest TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      author TEXT,
      imported_at TEXT NOT NULL,
      imported_by TEXT NOT NULL,
      source_name TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('verified', 'weak', 'invalid')),
      completeness TEXT NOT NULL CHECK (completeness IN ('green', 'amber', 'red')),
      files INTEGER NOT NULL,
      bytes INTEGER NOT NULL,
      verification_json TEXT NOT NULL,
      metadata_json TEXT NOT NULL
    )`);
    tx.run('CREATE INDEX bundles_imported_at ON bundles (imported_at)');
    tx.run('CREATE INDEX bundles_name ON bundles (name)');
    tx.run(`CREATE TABLE bundle_files (
      digest TEXT NOT NULL REFERENCES bundles (digest),
      path TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      size INTEGER NOT NULL,
      PRIMARY KEY (digest, path)
    )`);
    tx.run('CREATE INDEX bundle_files_sha256 ON bundle_files (sha256)');
    tx.run(`CREATE TABLE bundle_tag_files (
      digest TEXT NOT NULL REFERENCES bundles (digest),
      path TEXT NOT NULL,
      content BLOB NOT NULL,
      PRIMARY KEY (digest, path)
    )`);
  },
};
