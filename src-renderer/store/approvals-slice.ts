import type { StateCreator } from 'zustand';
import { ApiError, call } from '../api/client';
import type { RequestOf, ResponseOf } from '../../src-main/common/contract';
import type {
  ApprovalRecord,
  DecideResult,
  Identity,
  ImportDecisionResult,
  ModuleEntry,
  Role,
  TeamEditResult,
  TeamPin,
} from '../../src-main/common/schemas/governance';
import type { Problem } from '../../src-main/common/problem';
import { at, errorText, list, listLoader, remote, remoteLoader, rescope, type List, type Remote } from './loadable';
import type { AppState } from './types';

/**
 * Governance in the renderer: the local identity (with the inbox), the team file, the inbox, each bundle's decisions
 * and the module registry. Passphrases never enter this state: they go from the form straight into the call.
 * Actions throw when refused (the form shows why, see useAction) and reload what they changed.
 */

export interface ApprovalsState {
  inbox: Remote<ResponseOf<'approvals:inbox'>>; // identity, the newest items waiting, how many wait in all
  // pinned: the admins the last import or create here pinned, shown for the out-of-band check until the page is left
  team: Remote<ResponseOf<'team:get'>> & { pinned: TeamPin | null };
  history: List<ApprovalRecord> & { key: string | null }; // key: whose decisions (a bundle digest)
  modules: List<ModuleEntry>;
}

export interface ApprovalsSlice {
  approvals: ApprovalsState;
  loadInbox(): Promise<void>;
  loadTeam(): Promise<void>;
  loadApprovalHistory(digest: string): Promise<void>;
  loadModules(): Promise<void>;
  createIdentity(name: string, email: string, passphrase: string): Promise<Identity>;
  /** Resolves with the problems (each a line, with its code), or [] when the team file was saved. */
  importTeam(text: string): Promise<string[]>;
  /** A new signed team version made and signed here; a refusal names its rule by code beside the words. */
  editTeam(edit: TeamEdit): Promise<TeamEditResult>;
  setModuleOwners(module: string, owners: string[]): Promise<ModuleEntry>;
  /** Signs a decision; an accepted one reloads what it changed. */
  decide(request: RequestOf<'approvals:decide'>): Promise<DecideResult>;
  /** Adds a teammate's signed decision to this store; an imported one reloads what it changed. */
  importDecision(envelope: string): Promise<ImportDecisionResult>;
  /** After a decision: the inbox, and the bundle's history when it is the one shown. */
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

const emptyHistory = (): ApprovalsState['history'] => ({ ...list<ApprovalRecord>(), key: null });

export const createApprovalsSlice: StateCreator<AppState, [], [], ApprovalsSlice> = (set, get) => {
  const team = at(set, get, 'approvals', 'team');
  const modules = at(set, get, 'approvals', 'modules');
  const pin = (pinned: TeamPin | null) => {
    if (pinned) team.set((t) => ({ ...t, pinned }));
  };
  const history = listLoader(at(set, get, 'approvals', 'history'), {
    fetch: () => call('approvals:list', { digest: get().approvals.history.key! }),
    rows: (r) => r.approvals,
  });
  const teamChanged = () => Promise.all([get().loadTeam(), get().loadInbox()]).then(() => undefined);
  return {
    approvals: {
      inbox: remote(),
      team: { ...remote<ResponseOf<'team:get'>>(), pinned: null },
      history: emptyHistory(),
      modules: list(),
    },
    loadInbox: remoteLoader(at(set, get, 'approvals', 'inbox'), () => call('approvals:inbox', {})),
    loadTeam: remoteLoader(team, () => call('team:get', {})),
    loadApprovalHistory: (digest) => history(rescope(digest, emptyHistory())),
    loadModules: listLoader(modules, { fetch: () => call('modules:list', {}), rows: (r) => r.modules }),
    async createIdentity(name, email, passphrase) {
      const identity = await call('identity:create', { name, email, passphrase });
      await get().loadInbox();
      return identity;
    },
    async importTeam(text) {
      const r = await call('team:import', { text });
      if (!r.saved) return r.problems.map(problemLine);
      pin(r.pinned);
      await teamChanged();
      return [];
    },
    async editTeam(edit) {
      try {
        const result = await teamEditCall(edit);
        pin(result.pinned);
        if (result.imported) await teamChanged();
        return result;
      } catch (e) {
        // The rule that refused it by its code (team-not-admin, team-unchanged, …) beside the words.
        const reason = (e as { details?: { reason?: unknown } }).details?.reason;
        if (typeof reason !== 'string') throw e;
        throw new ApiError(e instanceof ApiError ? e.code : 'internal', `${errorText(e)} (${reason})`, { reason });
      }
    },
    async setModuleOwners(module, owners) {
      const updated = await call('modules:setOwners', { module, owners });
      modules.set((m) => ({ ...m, rows: m.rows.map((x) => (x.name === module ? updated : x)) }));
      return updated;
    },
    async decide(request) {
      const r = await call('approvals:decide', request);
      if (r.accepted) get().approvalDecided(request.digest);
      return r;
    },
    async importDecision(envelope) {
      const r = await call('approvals:import', { envelope });
      if (r.imported && r.record) get().approvalDecided(r.record.bundleDigest);
      return r;
    },
    approvalDecided(digest) {
      const s = get();
      void s.loadInbox();
      if (s.approvals.history.key === digest) void s.loadApprovalHistory(digest);
    },
  };
};
