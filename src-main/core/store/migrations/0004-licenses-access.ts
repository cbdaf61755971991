import type { Migration } from './migration';

/**
 * Licenses and access: the team's license policy (every version kept), each stored bundle's license
 * evaluation with one row per artifact (so the cross-bundle table filters and pages in SQL), access
 * grants to data sets, and access events (open, replay, export).
 */
export const migration0004: Migration = {
  version: 4,
  name: 'licenses-access',
  up(tx) {
    tx.run(`CREATE TABLE license_policies (
      version INTEGER PRIMARY KEY,
      hash TEXT NOT NULL,
      policy_json TEXT NOT NULL,
      set_at TEXT NOT NULL,
      set_by TEXT NOT NULL,
      note TEXT
    )`);
    tx.run(`CREATE TABLE bundle_licenses (
      digest TEXT PRIMARY KEY REFERENCES bundles (digest),
      policy_version INTEGER NOT NULL,
      policy_hash TEXT NOT NULL,
      verdict TEXT NOT NULL CHECK (verdict IN ('allowed', 'needs-review', 'denied')),
      evaluated_at TEXT NOT NULL,
      report_json TEXT NOT NULL
    )`);
    tx.run(`CREATE TABLE license_artifacts (
      digest TEXT NOT NULL REFERENCES bundles (digest),
      path TEXT NOT NULL,
      ord INTEGER NOT NULL,
      role TEXT NOT NULL,
      expression TEXT,
      status TEXT NOT NULL CHECK (status IN ('allowed', 'needs-review', 'denied', 'invalid')),
      reason TEXT NOT NULL,
      suggestion TEXT,
      flags TEXT NOT NULL,
      classification TEXT,
      sha256 TEXT,
      PRIMARY KEY (digest, path)
    )`);
    tx.run('CREATE INDEX license_artifacts_status ON license_artifacts (status)');
    tx.run('CREATE INDEX license_artifacts_classification ON license_artifacts (classification)');
    tx.run('CREATE INDEX license_artifacts_sha256 ON license_artifacts (sha256)');
    tx.run(`CREATE TABLE access_grants (
      id TEXT PRIMARY KEY,
      grantee TEXT NOT NULL,
      dataset_sha256 TEXT,
      dataset_path TEXT NOT NULL,
      bundle_digest TEXT,
      agreement TEXT NOT NULL,
      granted_at TEXT NOT NULL,
      granted_by TEXT NOT NULL,
      expires_at TEXT,
      expired_at TEXT,
      revoked_at TEXT,
      revoked_by TEXT,
      revoke_reason TEXT,
      CHECK (dataset_sha256 IS NOT NULL OR bundle_digest IS NOT NULL)
    )`);
    tx.run('CREATE INDEX access_grants_sha256 ON access_grants (dataset_sha256)');
    tx.run('CREATE INDEX access_grants_granted_at ON access_grants (granted_at)');
    tx.run(`CREATE TABLE access_events (
      id INTEGER PRIMARY KEY,
      time TEXT NOT NULL,
      actor TEXT NOT NULL,
      digest TEXT NOT NULL,
      dataset_path TEXT NOT NULL,
      dataset_sha256 TEXT,
      classification TEXT NOT NULL,
      purpose TEXT NOT NULL CHECK (purpose IN ('open', 'replay', 'export')),
      outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'granted', 'override', 'refused')),
      grant_id TEXT,
      reason TEXT NOT NULL,
      override_reason TEXT,
      audit_seq INTEGER
    )`);
    // "Last access" per artifact and the log's filters, without a sort over the whole table.
    tx.run('CREATE INDEX access_events_dataset ON access_events (digest, dataset_path, time)');
    tx.run('CREATE INDEX access_events_time ON access_events (time)');
    tx.run('CREATE INDEX access_events_actor ON access_events (actor, time)');
  },
};
