import type { BundleMetadata } from '../../common/schemas/bundle';
import type { Tx } from '../store/store-api';

/**
 * What the approval inbox filters on (the author's email, the pipeline, module versions), kept in one small row
 * per bundle: counting who waits over 10,000 bundles then reads these rows, not every bundle's whole metadata.
 */
export function indexApprovalFacts(tx: Tx, digest: string, meta: Pick<BundleMetadata, 'author' | 'pipeline' | 'modules'>): void {
  tx.run('INSERT OR REPLACE INTO bundle_approval_facts (digest, author_email, author_name, pipeline, modules_json) VALUES (?, ?, ?, ?, ?)', [
    digest,
    meta.author?.email ?? null,
    meta.author?.name ?? null,
    meta.pipeline?.name ?? null,
    JSON.stringify(meta.modules ?? []),
  ]);
}
