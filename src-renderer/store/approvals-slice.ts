import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { ApprovalRecord, Identity, InboxItem, ModuleEntry, StoredTeam } from '../../src-main/common/schemas/governance';
import { errorText, type AppState, type Loadable } from './types';

/**
 * Governance in the renderer: the local identity, the team file, the inbox, each bundle's decisions and the
 * module registry. Passphrases never enter this state: they go from the form straight into the call.
 */

export interface ApprovalsState {
  inbox: { identity: Identity | null; items: InboxItem[]; total: number; loaded: boolean } & Loadable;
  team: { team: StoredTeam | null; policyHash: string | null; loaded: boolean } & Loadable;
  history: { digest: string | null; rows: ApprovalRecord[]; loaded: boolean } & Loadable;
  modules: { list: ModuleEntry[]; loaded: boolean } & Loadable;
}

export interface ApprovalsSlice {
  approvals: ApprovalsState;
  loadInbox(): Promise<void>;
  loadTeam(): Promise<void>;
  loadApprovalHistory(digest: string): Promise<void>;
  loadModules(): Promise<void>;
  /** Resolves with an error message, or null when the identity was made. */
  createIdentity(name: string, email: string, passphrase: string): Promise<string | null>;
  /** Resolves with the problems (each a line), or [] when the team file was saved. */
  importTeam(text: string): Promise<string[]>;
  setModuleOwners(module: string, owners: string[]): Promise<string | null>;
  /** After a decision: the inbox, the bundle's history and the team's counts change. */
  approvalDecided(digest: string): void;
}

let historySeq = 0;

export const createApprovalsSlice: StateCreator<AppState, [], [], ApprovalsSlice> = (set, get) => {
  const patch = (fn: (a: ApprovalsState) => Partial<ApprovalsState>) => set((s) => ({ approvals: { ...s.approvals, ...fn(s.approvals) } }));
  return {
    approvals: {
      inbox: { identity: null, items: [], total: 0, loaded: false, loading: false, error: null },
      team: { team: null, policyHash: null, loaded: false, loading: false, error: null },
      history: { digest: null, rows: [], loaded: false, loading: false, error: null },
      modules: { list: [], loaded: false, loading: false, error: null },
    },
    async loadInbox() {
      patch((a) => ({ inbox: { ...a.inbox, loading: true, error: null } }));
      try {
        const r = await call('approvals:inbox', {});
        patch(() => ({ inbox: { identity: r.identity, items: r.items, total: r.total, loaded: true, loading: false, error: null } }));
      } catch (e) {
        patch((a) => ({ inbox: { ...a.inbox, loading: false, error: errorText(e) } }));
      }
    },
    async loadTeam() {
      patch((a) => ({ team: { ...a.team, loading: true, error: null } }));
      try {
        const r = await call('team:get', {});
        patch(() => ({ team: { team: r.team, policyHash: r.policyHash, loaded: true, loading: false, error: null } }));
      } catch (e) {
        patch((a) => ({ team: { ...a.team, loading: false, error: errorText(e) } }));
      }
    },
    async loadApprovalHistory(digest) {
      const my = ++historySeq;
      patch((a) => ({ history: { ...(a.history.digest === digest ? a.history : { rows: [], loaded: false }), digest, loading: true, error: null } }));
      try {
        const { approvals } = await call('approvals:list', { digest });
        if (my === historySeq) patch(() => ({ history: { digest, rows: approvals, loaded: true, loading: false, error: null } }));
      } catch (e) {
        if (my === historySeq) patch((a) => ({ history: { ...a.history, loading: false, error: errorText(e) } }));
      }
    },
    async loadModules() {
      patch((a) => ({ modules: { ...a.modules, loading: true, error: null } }));
      try {
        const { modules } = await call('modules:list', {});
        patch(() => ({ modules: { list: modules, loaded: true, loading: false, error: null } }));
      } catch (e) {
        patch((a) => ({ modules: { ...a.modules, loading: false, error: errorText(e) } }));
      }
    },
    async createIdentity(name, email, passphrase) {
      try {
        await call('identity:create', { name, email, passphrase });
        await get().loadInbox();
        return null;
      } catch (e) {
        return errorText(e);
      }
    },
    async importTeam(text) {
      try {
        const r = await call('team:import', { text });
        if (!r.saved) return r.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
        await Promise.all([get().loadTeam(), get().loadInbox()]);
        return [];
      } catch (e) {
        return [errorText(e)];
      }
    },
    async setModuleOwners(module, owners) {
      try {
        const updated = await call('modules:setOwners', { module, owners });
        patch((a) => ({ modules: { ...a.modules, list: a.modules.list.map((m) => (m.name === module ? updated : m)) } }));
        return null;
      } catch (e) {
        return errorText(e);
      }
    },
    approvalDecided(digest) {
      const s = get();
      void s.loadInbox();
      if (s.approvals.history.digest === digest) void s.loadApprovalHistory(digest);
    },
  };
};
