import type { BundleMetadata } from '../../common/schemas/bundle';
import type { Tx } from '../store/store-api';
import { dataItems } from '../compare/diff-bundles';

/** Records what drift detection looks up for later bundles: each data set (name, origin, digest) and the pipeline name. */
export function indexBundleLineage(tx: Tx, digest: string, meta: BundleMetadata): void {
  for (const item of dataItems(meta)) {
    tx.run('INSERT INTO bundle_datasets (digest, name, url, sha256) VALUES (?, ?, ?, ?)', [digest, item.name, item.url, item.sha256]);
  }
  const pipeline = meta.pipeline?.name;
  if (pipeline) tx.run('INSERT OR REPLACE INTO bundle_pipelines (digest, pipeline) VALUES (?, ?)', [digest, pipeline]);
}
