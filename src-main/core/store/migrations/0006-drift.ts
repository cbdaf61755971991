import type { Migration } from './migration';
import type { Tx } from '../store-api';
import type { BundleMetadata } from '../../../common/schemas/bundle';
import { indexBundleLineage } from '../../drift/lineage-index';

/**
 * Drift: what import compares a new bundle against (its data sets by name, origin and digest; its pipeline
 * name), kept in rows so the lookup does not parse every stored bundle, and the alerts raised. Bundles
 * stored before this step are indexed here, in import order, without alerts.
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
    for (const row of tx.all<{ digest: string; metadata_json: string }>('SELECT digest, metadata_json FROM bundles ORDER BY imported_at, rowid')) {
      indexBundleLineage(tx, row.digest, JSON.parse(row.metadata_json) as BundleMetadata);
    }
  },
};
