import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { ApprovalRecord, Identity, InboxItem, ModuleEntry, Role, StoredTeam, TeamEditResult, TeamPin } from '../../src-main/common/schemas/governance';
import type { Problem } from '../../src-main/common/problem';
import { errorText, type AppState, type Loadable } from './types';

/**
 * Governance in the renderer: the local identity, the team file, the inbox, each bundle's decisions and the
 * module registry. Passphrases never enter this state: they go from the form straight into the call.
 */

export interface ApprovalsState {
  inbox: { identity: Identity | null; items: InboxItem[]; total: number; loaded: boolean } & Loadable;
  // pinned: the admins the last import or create here pinned, shown for the out-of-band check until the page is left
  team: { team: StoredTeam | null; policyHash: string | null; localAdmin: boolean; pinned: TeamPin | null; loaded: boolean } & Loadable;
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
  /** Resolves with the problems (each a line, with its code), or [] when the team file was saved. */
  importTeam(text: string): Promise<string[]>;
  /** A new signed team version made and signed here: resolves with the result (its document to share), or an error message. */
  editTeam(edit: TeamEdit): Promise<{ result: TeamEditResult | null; error: string | null }>;
  setModuleOwners(module: string, owners: string[]): Promise<string | null>;
  /** After a decision: the inbox, the bundle's history and the team's counts change. */
  approvalDecided(digest: string): void;
}

export type TeamEdit =
  | { kind: 'create'; name: string; roles: Role[]; passphrase?: string }
  | { kind: 'addMember'; name: string; email: string; publicKey: string; role: Role; passphrase?: string }
  | { kind: 'set'; quorum?: number; adminQuorum?: number; requireSignedAuthorship?: boolean; passphrase?: string };

/** A problem as one line of the page: where, what, and its code (so a refusal can be looked up). */
export function problemLine(p: Pick<Problem, 'message' | 'path'> & { code?: string }): string {
  return `${p.path ? `${p.path}: ` : ''}${p.message}${p.code ? ` (${p.code})` : ''}`;
}

function teamEditCall(edit: TeamEdit): Promise<TeamEditResult> {
  switch (edit.kind) {
    case 'create': {
      const { kind: _k, ...request } = edit;
      return call('team:create', request);
    }
    case 'addMember': {
      const { kind: _k, ...request } = edit;
      return call('team:addMember', request);
    }
    case 'set': {
      const { kind: _k, ...request } = edit;
      return call('team:set', request);
    }
  }
}

let historySeq = 0;

export const createApprovalsSlice: StateCreator<AppState, [], [], ApprovalsSlice> = (set, get) => {
  const patch = (fn: (a: ApprovalsState) => Partial<ApprovalsState>) => set((s) => ({ approvals: { ...s.approvals, ...fn(s.approvals) } }));
  return {
    approvals: {
      inbox: { identity: null, items: [], total: 0, loaded: false, loading: false, error: null },
      team: { team: null, policyHash: null, localAdmin: false, pinned: null, loaded: false, loading: false, error: null },
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
        patch((a) => ({ team: { team: r.team, policyHash: r.policyHash, localAdmin: r.localAdmin, pinned: a.team.pinned, loaded: true, loading: false, error: null } }));
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
        if (!r.saved) return r.problems.map(problemLine);
        if (r.pinned) patch((a) => ({ team: { ...a.team, pinned: r.pinned } }));
        await Promise.all([get().loadTeam(), get().loadInbox()]);
        return [];
      } catch (e) {
        return [errorText(e)];
      }
    },
    async editTeam(edit) {
      try {
        const result = await teamEditCall(edit);
        if (result.pinned) patch((a) => ({ team: { ...a.team, pinned: result.pinned } }));
        if (result.imported) await Promise.all([get().loadTeam(), get().loadInbox()]);
        return { result, error: null };
      } catch (e) {
        // The rule that refused it by its code (team-not-admin, team-unchanged, …) beside the words.
        const reason = (e as { details?: { reason?: unknown } }).details?.reason;
        return { result: null, error: typeof reason === 'string' ? `${errorText(e)} (${reason})` : errorText(e) };
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
