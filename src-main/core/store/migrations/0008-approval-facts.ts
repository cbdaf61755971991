import type { Migration } from './migration';
import type { Tx } from '../store-api';
import type { BundleMetadata } from '../../../common/schemas/bundle';
import { indexApprovalFacts } from '../../governance/approval-facts';

/**
 * The approval facts of each bundle (author email and name, pipeline, module versions) in a row of their own,
 * so the inbox and the dashboard count who waits without parsing every bundle's metadata. Bundles stored
 * before this step are indexed here.
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
    for (const row of tx.all<{ digest: string; metadata_json: string }>('SELECT digest, metadata_json FROM bundles')) {
      indexApprovalFacts(tx, row.digest, JSON.parse(row.metadata_json) as BundleMetadata);
    }
  },
};
