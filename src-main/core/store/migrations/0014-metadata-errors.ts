import type { Migration } from './migration';
import type { Tx } from '../store-api';

/**
 * How many error-level metadata problems each bundle was stored with (issue 17), so the list can say "verified with
 * problems" without parsing every bundle's metadata: back-filled from each stored metadata_json, set at import after.
 */
export const migration0014: Migration = {
  version: 14,
  name: 'metadata-errors',
  up(tx: Tx) {
    tx.run('ALTER TABLE bundles ADD COLUMN metadata_errors INTEGER NOT NULL DEFAULT 0 CHECK (metadata_errors >= 0)');
    tx.run(`UPDATE bundles SET metadata_errors = (
      SELECT count(*) FROM json_each(bundles.metadata_json, '$.problems') p WHERE json_extract(p.value, '$.severity') = 'error'
    ) WHERE json_valid(metadata_json)`);
  },
};
