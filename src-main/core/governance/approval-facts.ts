import type { BundleMetadata } from '../../common/schemas/bundle';
import { putApprovalFacts } from '../store/repos/bundles-repo';
import type { Tx } from '../store/store-api';

/**
 * What the approval inbox filters on (the author's email, the pipeline, module versions), kept in one small row
 * per bundle: counting who waits over 10,000 bundles then reads these rows, not every bundle's whole metadata.
 */
export function indexApprovalFacts(
  tx: Tx,
  digest: string,
  meta: Pick<BundleMetadata, 'author' | 'pipeline' | 'modules'>,
): void {
  putApprovalFacts(tx, digest, {
    authorEmail: meta.author?.email ?? null,
    authorName: meta.author?.name ?? null,
    pipeline: meta.pipeline?.name ?? null,
    modules: meta.modules ?? [],
  });
}
