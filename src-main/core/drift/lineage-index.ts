import type { BundleMetadata } from '../../common/schemas/bundle';
import type { Tx } from '../store/store-api';
import { dataItems } from '../compare/diff-bundles';
import { insertLineage } from '../store/repos/drift-repo';

/** Records what drift detection looks up for later bundles: each data set (name, origin, digest) and the pipeline name. */
export function indexBundleLineage(tx: Tx, digest: string, meta: BundleMetadata): void {
  insertLineage(tx, digest, dataItems(meta), meta.pipeline?.name ?? null);
}
