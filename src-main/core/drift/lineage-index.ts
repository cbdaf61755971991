import type { BundleMetadata } from '../../common/schemas/bundle';
import type { Tx } from '../store/store-api';
import { dataItems, type DataItem } from '../compare/diff-bundles';
import { insertLineage } from '../store/repos/drift-repo';

/** The origin a data set declares: its URL (or absolute @id), else its identifier; null when it declares none. */
export const originOf = (item: Pick<DataItem, 'url' | 'identifier'>): string | null =>
  item.url?.trim() || item.identifier?.trim() || null;

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
