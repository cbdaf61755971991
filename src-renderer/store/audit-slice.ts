import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { RequestOf, ResponseOf } from '../../src-main/common/contract';
import type { AuditEntry, ChainReport, CheckpointImportResult, KeptCheckpoint } from '../../src-main/common/schemas/audit';
import type { StoreKeyStatus } from '../../src-main/common/schemas/key-protection';
import { errorText, type AppState, type Loadable } from './types';

export interface AuditFilters {
  actor: string;
  action: string;
  subject: string;
  text: string;
  from: string; // datetime-local value, '' when unset
  to: string;
}

export interface AuditState extends Loadable {
  filters: AuditFilters;
  entries: AuditEntry[];
  total: number;
  loaded: boolean;
  chain: ChainReport | null;
  chainLoading: boolean;
  chainError: string | null;
  checkpoints: KeptCheckpoint[];
  checkpointsError: string | null;
  storeKey: StoreKeyStatus | null; // what an export asks to unlock (or make) the store key here
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
  /** Pasted or chosen text; on success the list and the chain status are reloaded. */
  importCheckpoint(text: string): Promise<CheckpointImportResult>;
}

const PAGE = 500;
let seq = 0;
export const emptyAuditFilters: AuditFilters = { actor: '', action: '', subject: '', text: '', from: '', to: '' };

/** datetime-local gives local wall time without a zone; the core compares ISO UTC. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function query(f: AuditFilters, offset: number): RequestOf<'audit:list'> {
  const q: RequestOf<'audit:list'> = { offset, limit: PAGE };
  for (const k of ['actor', 'action', 'subject', 'text'] as const) if (f[k].trim()) q[k] = f[k].trim();
  const from = toIso(f.from);
  const to = toIso(f.to);
  if (from) q.from = from;
  if (to) q.to = to;
  return q;
}

export const createAuditSlice: StateCreator<AppState, [], [], AuditSlice> = (set, get) => {
  const patch = (p: Partial<AuditState>) => set((s) => ({ audit: { ...s.audit, ...p } }));
  return {
    audit: { filters: emptyAuditFilters, entries: [], total: 0, loaded: false, loading: false, error: null, chain: null, chainLoading: false, chainError: null, checkpoints: [], checkpointsError: null, storeKey: null },
    setAuditFilters(p) {
      patch({ filters: { ...get().audit.filters, ...p } });
      void get().loadAudit();
    },
    async loadAudit() {
      const my = ++seq;
      patch({ loading: true, error: null });
      try {
        const page = await call('audit:list', query(get().audit.filters, 0));
        if (my !== seq) return;
        patch({ entries: page.entries, total: page.total, loaded: true, loading: false });
      } catch (e) {
        if (my === seq) patch({ loading: false, error: errorText(e) });
      }
    },
    async loadMoreAudit() {
      const a = get().audit;
      if (a.loading || a.entries.length >= a.total) return;
      const my = ++seq;
      patch({ loading: true });
      try {
        const page = await call('audit:list', query(a.filters, a.entries.length));
        if (my !== seq) return;
        patch({ entries: [...get().audit.entries, ...page.entries], total: page.total, loading: false });
      } catch (e) {
        if (my === seq) patch({ loading: false, error: errorText(e) });
      }
    },
    async verifyChain() {
      patch({ chainLoading: true, chainError: null });
      try {
        const chain = await call('audit:verify', {});
        patch({ chain, chainLoading: false });
      } catch (e) {
        patch({ chainLoading: false, chainError: errorText(e) });
      }
    },
    async loadCheckpoints() {
      try {
        const { checkpoints } = await call('audit:checkpoints', {});
        patch({ checkpoints, checkpointsError: null });
      } catch (e) {
        patch({ checkpointsError: errorText(e) });
      }
    },
    async loadStoreKey() {
      try {
        patch({ storeKey: await call('audit:storeKey', {}) });
      } catch {
        patch({ storeKey: null }); // the export then says what went wrong
      }
    },
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
