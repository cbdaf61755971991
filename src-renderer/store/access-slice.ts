import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { RequestOf } from '../../src-main/common/contract';
import type { Problem } from '../../src-main/common/problem';
import type { AccessEvent, Grant, PolicySetResult, StoredPolicy } from '../../src-main/common/schemas/licenses';
import { errorText, type AppState, type Loadable } from './types';

export interface PolicyState extends Loadable {
  data: StoredPolicy | null;
  saving: boolean;
  problems: Problem[]; // from the last save attempt, each naming its entry
  lastSave: PolicySetResult | null;
}

export interface AccessSlice {
  policy: PolicyState;
  grants: { list: Grant[]; loaded: boolean } & Loadable;
  accessLog: { events: AccessEvent[]; total: number; loaded: boolean; filters: AccessLogFilters } & Loadable;
  loadPolicy(): Promise<void>;
  /** Resolves true when the policy was saved (changed or not). */
  savePolicy(text: string, note: string): Promise<boolean>;
  clearPolicyProblems(): void;
  loadGrants(): Promise<void>;
  /** Resolves with an error message, or null when the grant was added. */
  addGrant(request: RequestOf<'access:grant'>): Promise<string | null>;
  revokeGrant(id: string, reason: string): Promise<string | null>;
  loadAccessLog(): Promise<void>;
  setAccessLogFilters(patch: Partial<AccessLogFilters>): void;
}

export interface AccessLogFilters {
  actor: string;
  purpose: AccessEvent['purpose'] | '';
  outcome: AccessEvent['outcome'] | '';
}
let logSeq = 0;

export const createAccessSlice: StateCreator<AppState, [], [], AccessSlice> = (set, get) => {
  const patchPolicy = (p: Partial<PolicyState>) => set((s) => ({ policy: { ...s.policy, ...p } }));
  return {
    policy: { data: null, loading: false, error: null, saving: false, problems: [], lastSave: null },
    grants: { list: [], loaded: false, loading: false, error: null },
    accessLog: { events: [], total: 0, loaded: false, loading: false, error: null, filters: { actor: '', purpose: '', outcome: '' } },
    async loadPolicy() {
      patchPolicy({ loading: true, error: null });
      try {
        patchPolicy({ data: await call('policy:get', {}), loading: false });
      } catch (e) {
        patchPolicy({ loading: false, error: errorText(e) });
      }
    },
    async savePolicy(text, note) {
      patchPolicy({ saving: true, problems: [], lastSave: null, error: null });
      try {
        const result = await call('policy:set', note.trim() ? { text, note: note.trim() } : { text });
        patchPolicy({ saving: false, problems: result.problems, lastSave: result, ...(result.policy ? { data: result.policy } : {}) });
        // Verdicts were re-evaluated under the new policy: the table and the open bundle show stale ones.
        if (result.changed) {
          void get().loadLicenses();
          const open = get().bundleLicenses.digest;
          if (open) void get().loadBundleLicenses(open);
        }
        return result.saved;
      } catch (e) {
        patchPolicy({ saving: false, error: errorText(e) });
        return false;
      }
    },
    clearPolicyProblems() {
      patchPolicy({ problems: [], lastSave: null });
    },
    async loadGrants() {
      set((s) => ({ grants: { ...s.grants, loading: true, error: null } }));
      try {
        const { grants } = await call('access:grants', {});
        set({ grants: { list: grants, loaded: true, loading: false, error: null } });
      } catch (e) {
        set((s) => ({ grants: { ...s.grants, loading: false, error: errorText(e) } }));
      }
    },
    async addGrant(request) {
      try {
        await call('access:grant', request);
        await Promise.all([get().loadGrants(), get().loadLicenses()]);
        return null;
      } catch (e) {
        return errorText(e);
      }
    },
    async revokeGrant(id, reason) {
      try {
        await call('access:revoke', { id, reason });
        await Promise.all([get().loadGrants(), get().loadLicenses()]);
        return null;
      } catch (e) {
        return errorText(e);
      }
    },
    async loadAccessLog() {
      const my = ++logSeq;
      const f = get().accessLog.filters;
      set((s) => ({ accessLog: { ...s.accessLog, loading: true, error: null } }));
      try {
        const page = await call('access:events', {
          offset: 0,
          limit: 1000,
          ...(f.actor.trim() ? { actor: f.actor.trim() } : {}),
          ...(f.purpose ? { purpose: f.purpose } : {}),
          ...(f.outcome ? { outcome: f.outcome } : {}),
        });
        if (my === logSeq) set((s) => ({ accessLog: { ...s.accessLog, events: page.events, total: page.total, loaded: true, loading: false, error: null } }));
      } catch (e) {
        if (my === logSeq) set((s) => ({ accessLog: { ...s.accessLog, loading: false, error: errorText(e) } }));
      }
    },
    setAccessLogFilters(p) {
      set((s) => ({ accessLog: { ...s.accessLog, filters: { ...s.accessLog.filters, ...p } } }));
      void get().loadAccessLog();
    },
  };
};
