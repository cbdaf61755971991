import type { Migration } from './migration';
import type { Tx } from '../store-api';

/**
 * Drift: what import compares a new bundle against (its data sets by name, origin and digest; its pipeline
 * name), kept in rows so the lookup does not parse every stored bundle, and the alerts raised. Bundles
 * stored before this step are indexed here, in import order, without alerts, by this step's own frozen copy
 * of the indexing: a data set per RO-Crate dataset (its name, else its id), then per data file no dataset
 * names (its name, else its path); the pipeline's name when it has one.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'drift',
  up(tx: Tx) {
    tx.run(`CREATE TABLE bundle_datasets (
      digest TEXT NOT NULL REFERENCES bundles (digest),
      name TEXT NOT NULL,
      url TEXT,
      sha256 TEXT
    )`);
    tx.run('CREATE INDEX bundle_datasets_name ON bundle_datasets (name)');
    tx.run('CREATE INDEX bundle_datasets_url ON bundle_datasets (url) WHERE url IS NOT NULL');
    tx.run(`CREATE TABLE bundle_pipelines (
      digest TEXT PRIMARY KEY REFERENCES bundles (digest),
      pipeline TEXT NOT NULL
    )`);
    tx.run('CREATE INDEX bundle_pipelines_name ON bundle_pipelines (pipeline)');
    tx.run(`CREATE TABLE drift_alerts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      digest TEXT NOT NULL REFERENCES bundles (digest),
      earlier_digest TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('data', 'module', 'package', 'runtime')),
      subject TEXT NOT NULL,
      before TEXT,
      after TEXT,
      message TEXT NOT NULL,
      suggestion TEXT NOT NULL,
      created_at TEXT NOT NULL,
      audit_seq INTEGER
    )`);
    tx.run('CREATE INDEX drift_alerts_digest ON drift_alerts (digest)');
    // Rows in import order, each bundle's data sets before its data files, each in metadata order.
    tx.run(`INSERT INTO bundle_datasets (digest, name, url, sha256)
      SELECT digest, name, url, sha256 FROM (
        SELECT b.digest, b.imported_at AS at, b.rowid AS r, 0 AS part, d.key AS k,
          coalesce(json_extract(d.value, '$.name'), json_extract(d.value, '$.id')) AS name,
          json_extract(d.value, '$.url') AS url, json_extract(d.value, '$.sha256') AS sha256
        FROM bundles b, json_each(b.metadata_json, '$.datasets') d
        UNION ALL
        SELECT b.digest, b.imported_at, b.rowid, 1, f.key,
          coalesce(json_extract(f.value, '$.name'), json_extract(f.value, '$.path')), NULL, json_extract(f.value, '$.sha256')
        FROM bundles b, json_each(b.metadata_json, '$.files') f
        WHERE json_extract(f.value, '$.role') = 'data'
          AND json_extract(f.value, '$.path') NOT IN (SELECT json_extract(x.value, '$.id') FROM json_each(b.metadata_json, '$.datasets') x)
      ) ORDER BY at, r, part, k`);
    tx.run(`INSERT OR REPLACE INTO bundle_pipelines (digest, pipeline)
      SELECT digest, json_extract(metadata_json, '$.pipeline.name') FROM bundles
      WHERE coalesce(json_extract(metadata_json, '$.pipeline.name'), '') != '' ORDER BY imported_at, rowid`);
  },
};
