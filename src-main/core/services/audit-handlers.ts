import { exportAuditText, auditExportEntry } from '../audit/audit-export';
import { listAudit } from '../audit/audit-log';
import { importCheckpoint, listCheckpoints, verifyStoreChain } from '../audit/checkpoints';
import type { Store } from '../store/store';
import type { Handlers } from './dispatch';

type AuditChannel = 'audit:list' | 'audit:verify' | 'audit:export' | 'audit:checkpoints' | 'audit:importCheckpoint';

/** The audit screen's channels: the log, its chain against every kept checkpoint, export and checkpoint import. */
export function auditHandlers(store: Store, actor: string): Pick<Handlers, AuditChannel> {
  return {
    'audit:list': async (request) => listAudit(store, request),
    'audit:verify': async () => verifyStoreChain(store),
    'audit:export': async ({ format }) => {
      // The text is built once and handed over whole; tens of MB for 100,000 entries, which IPC carries.
      const out = exportAuditText(store, format);
      store.transaction((tx) => auditExportEntry(tx, actor, { format, entries: out.entries, head: out.head, keyId: out.checkpoint.keyId, via: 'app' }));
      return { fileName: exportFileName(store.storeId, out.checkpoint.time, format), ...out };
    },
    'audit:checkpoints': async () => ({ checkpoints: listCheckpoints(store) }),
    'audit:importCheckpoint': async ({ checkpoint }) => importCheckpoint(store, checkpoint, actor),
  };
}

/** audit-log-<store id prefix>-<UTC time, file-name safe>.<format>; the checkpoint downloads as <this>.checkpoint.json. */
export function exportFileName(storeId: string, time: string, format: 'jsonl' | 'csv'): string {
  const stamp = time.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const id = storeId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
  return `audit-log-${id ? `${id}-` : ''}${stamp}.${format}`;
}
