import type { Migration } from './migration';
import type { Tx } from '../store-api';

/**
 * The approval facts of each bundle (author email and name, pipeline, module versions) in a row of their own,
 * so the inbox and the dashboard count who waits without parsing every bundle's metadata. Bundles stored
 * before this step are indexed here, from their metadata by SQLite's JSON functions (this step's own copy).
 */
export const migration0008: Migration = {
  version: 8,
  name: 'approval-facts',
  up(tx: Tx) {
    tx.run(`CREATE TABLE bundle_approval_facts (
      digest TEXT PRIMARY KEY REFERENCES bundles (digest),
      author_email TEXT,
      author_name TEXT,
      pipeline TEXT,
      modules_json TEXT NOT NULL
    )`);
    tx.run(`INSERT OR REPLACE INTO bundle_approval_facts (digest, author_email, author_name, pipeline, modules_json)
      SELECT digest, json_extract(metadata_json, '$.author.email'), json_extract(metadata_json, '$.author.name'),
        json_extract(metadata_json, '$.pipeline.name'), coalesce(json_extract(metadata_json, '$.modules'), '[]')
      FROM bundles`);
  },
};
