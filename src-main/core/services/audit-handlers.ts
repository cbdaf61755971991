import { listAudit } from '../audit/audit-log';
import { importCheckpoint, listCheckpoints } from '../audit/checkpoints';
import { checkpointSigners } from '../governance/checkpoint-signers';
import { verifyStoreWithMark } from '../audit/store-chain-check';
import { unlockStoreKey } from '../audit/store-key';
import { storeKeyStatus } from '../audit/store-key-status';
import type { KeyProtection } from '../../common/schemas/key-protection';
import type { Store } from '../store/store';
import type { Handlers } from './dispatch';
import type { KeyProtectorFor } from './governance';
import { exportAuditLog } from './audit-log';

type AuditChannel =
  'audit:list' | 'audit:verify' | 'audit:export' | 'audit:storeKey' | 'audit:checkpoints' | 'audit:importCheckpoint';

/**
 * The audit screen's channels: the log, its chain against every kept checkpoint and the mark, export and checkpoint
 * import.
 */
export function auditHandlers(
  store: Store,
  actor: string,
  keys: { protectorFor: KeyProtectorFor; protection: KeyProtection },
): Pick<Handlers, AuditChannel> {
  return {
    'audit:list': async (request) => listAudit(store, request),
    'audit:verify': async () => verifyStoreWithMark(store),
    'audit:export': async ({ format, passphrase }) => {
      // Unlocked first: a wrong passphrase fails before anything is read or written.
      const key = await unlockStoreKey(store, keys.protectorFor(passphrase), actor);
      // The text is built once and handed over whole; tens of MB for 100,000 entries, which IPC carries.
      const out = exportAuditLog(store, key, { format, actor, via: 'app' });
      return { fileName: exportFileName(store.storeId, out.checkpoint.time, format), ...out };
    },
    'audit:storeKey': async () => storeKeyStatus(store.dir, keys.protection),
    'audit:checkpoints': async () => ({ checkpoints: listCheckpoints(store) }),
    'audit:importCheckpoint': async ({ checkpoint }) =>
      importCheckpoint(store, checkpoint, actor, checkpointSigners(store)),
  };
}

/**
 * audit-log-<store id prefix>-<UTC time, file-name safe>.<format>; the checkpoint downloads as <this>.checkpoint.json.
 */
export function exportFileName(storeId: string, time: string, format: 'jsonl' | 'csv'): string {
  const stamp = time.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const id = storeId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
  return `audit-log-${id ? `${id}-` : ''}${stamp}.${format}`;
}
