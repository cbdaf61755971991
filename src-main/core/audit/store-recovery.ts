import type { StoreRecovery, Tx } from '../store/store';
import { appendAudit } from './audit-log';

/**
 * 'store.recovered': an open fell back past a damaged snapshot or journal (THREATS 21-24); `lost` when commits are
 * gone.
 */
export function auditStoreRecovery(tx: Tx, storeDir: string, recovery: StoreRecovery): void {
  appendAudit(tx, { actor: 'system', action: 'store.recovered', subject: storeDir, details: { ...recovery } });
}
