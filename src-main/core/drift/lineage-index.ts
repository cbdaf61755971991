import type { BundleMetadata } from '../../common/schemas/bundle';
import type { Tx } from '../store/store-api';
import { dataItems, originOf } from '../compare/data-match';
import { insertLineage } from '../store/repos/drift-repo';

/**
 * Records what drift detection looks up for later bundles: each data set (name, declared origin, digest) and the
 * pipeline name.
 */
export function indexBundleLineage(tx: Tx, digest: string, meta: BundleMetadata): void {
  insertLineage(
    tx,
    digest,
    dataItems(meta).map((d) => ({ name: d.name, url: originOf(d), sha256: d.sha256 })),
    meta.pipeline?.name ?? null,
  );
}
