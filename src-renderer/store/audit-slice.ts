import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { RequestOf, ResponseOf } from '../../src-main/common/contract';
import type {
  ListedAuditEntry as AuditEntry,
  ChainReport,
  CheckpointImportResult,
  KeptCheckpoint,
} from '../../src-main/common/schemas/audit';
import type { StoreKeyStatus } from '../../src-main/common/schemas/key-protection';
import {
  at,
  list,
  listLoader,
  paged,
  pager,
  remote,
  remoteLoader,
  type List,
  type Paged,
  type Remote,
} from './loadable';
import type { AppState } from './types';

export interface AuditFilters {
  actor: string;
  action: string;
  subject: string;
  text: string;
  from: string; // datetime-local value, '' when unset
  to: string;
}

export interface AuditState {
  log: Paged<AuditEntry> & { filters: AuditFilters };
  chain: Remote<ChainReport>; // the full check of the hash chain
  checkpoints: List<KeptCheckpoint>;
  storeKey: Remote<StoreKeyStatus>; // what an export asks to unlock (or make) the store key here
}

export interface AuditSlice {
  audit: AuditState;
  setAuditFilters(patch: Partial<AuditFilters>): void;
  loadAudit(): Promise<void>;
  loadMoreAudit(): Promise<void>;
  verifyChain(): Promise<void>;
  loadCheckpoints(): Promise<void>;
  loadStoreKey(): Promise<void>;
  /** The whole log as text with its signed checkpoint (the page downloads both); the export is audited. */
  exportAudit(format: 'jsonl' | 'csv', passphrase?: string): Promise<ResponseOf<'audit:export'>>;
  /** Pasted or chosen text; once kept, the list, the log and the chain status are reloaded. */
  importCheckpoint(text: string): Promise<CheckpointImportResult>;
}

const PAGE = 500;
export const emptyAuditFilters: AuditFilters = { actor: '', action: '', subject: '', text: '', from: '', to: '' };

/** datetime-local gives local wall time without a zone; the core compares ISO UTC. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function query(f: AuditFilters, page: { offset: number; limit: number }): RequestOf<'audit:list'> {
  const q: RequestOf<'audit:list'> = { ...page };
  for (const k of ['actor', 'action', 'subject', 'text'] as const) if (f[k].trim()) q[k] = f[k].trim();
  const from = toIso(f.from);
  const to = toIso(f.to);
  if (from) q.from = from;
  if (to) q.to = to;
  return q;
}

export const createAuditSlice: StateCreator<AppState, [], [], AuditSlice> = (set, get) => {
  const logPiece = at(set, get, 'audit', 'log');
  const log = pager<AuditEntry, ResponseOf<'audit:list'>, AuditState['log']>(logPiece, {
    limit: PAGE,
    fetch: (page) => call('audit:list', query(get().audit.log.filters, page)),
    page: (r) => ({ rows: r.entries, total: r.total }),
  });
  const loadCheckpoints = listLoader(at(set, get, 'audit', 'checkpoints'), {
    fetch: () => call('audit:checkpoints', {}),
    rows: (r) => r.checkpoints,
  });
  return {
    audit: {
      log: { ...paged<AuditEntry>(), filters: emptyAuditFilters },
      chain: remote(),
      checkpoints: list(),
      storeKey: remote(), // a failure to read it is left to the export to say
    },
    setAuditFilters(p) {
      logPiece.set((l) => ({ ...l, filters: { ...l.filters, ...p } }));
      void log.load();
    },
    loadAudit: () => log.load(),
    loadMoreAudit: () => log.more(),
    verifyChain: remoteLoader(at(set, get, 'audit', 'chain'), () => call('audit:verify', {})),
    loadCheckpoints: () => loadCheckpoints(),
    loadStoreKey: remoteLoader(at(set, get, 'audit', 'storeKey'), () => call('audit:storeKey', {})),
    async exportAudit(format, passphrase) {
      const out = await call('audit:export', { format, ...(passphrase ? { passphrase } : {}) });
      void get().loadAudit(); // the export wrote its own entry
      void get().verifyChain();
      void get().loadStoreKey(); // a first export made (or encrypted) the key
      return out;
    },
    async importCheckpoint(text) {
      const result = await call('audit:importCheckpoint', { checkpoint: text });
      if (result.imported) {
        void get().loadCheckpoints();
        void get().loadAudit();
        void get().verifyChain();
      }
      return result;
    },
  };
};
