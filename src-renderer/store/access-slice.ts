import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { RequestOf, ResponseOf } from '../../src-main/common/contract';
import type { AccessEvent, Grant, PolicySetResult, StoredPolicy } from '../../src-main/common/schemas/licenses';
import {
  at,
  list,
  listLoader,
  loader,
  paged,
  pager,
  remote,
  remoteLoader,
  type List,
  type Paged,
  type Remote,
} from './loadable';
import type { AppState } from './types';

export interface AccessLogFilters {
  actor: string;
  purpose: AccessEvent['purpose'] | '';
  outcome: AccessEvent['outcome'] | '';
}

export interface AccessSlice {
  policy: Remote<StoredPolicy>;
  // The last save: saving while loading, its problems (each naming its entry) or what it changed in data.
  policySave: Remote<PolicySetResult>;
  grants: List<Grant>;
  accessLog: Paged<AccessEvent> & { filters: AccessLogFilters };
  loadPolicy(): Promise<void>;
  /** Resolves true when the policy was saved (changed or not). */
  savePolicy(text: string, note: string): Promise<boolean>;
  clearPolicyProblems(): void;
  loadGrants(): Promise<void>;
  /** Adding or revoking a grant throws when refused; the grants and the license table are reloaded after. */
  addGrant(request: RequestOf<'access:grant'>): Promise<Grant>;
  revokeGrant(id: string, reason: string): Promise<ResponseOf<'access:revoke'>>;
  loadAccessLog(): Promise<void>;
  setAccessLogFilters(patch: Partial<AccessLogFilters>): void;
}

const LOG_LIMIT = 1000; // the newest; the compliance report holds them all

export const createAccessSlice: StateCreator<AppState, [], [], AccessSlice> = (set, get) => {
  const policy = at(set, get, 'policy');
  const save = at(set, get, 'policySave');
  const saver = loader(save);
  const loadGrants = listLoader(at(set, get, 'grants'), {
    fetch: () => call('access:grants', {}),
    rows: (r) => r.grants,
  });
  const logPiece = at(set, get, 'accessLog');
  const log = pager<AccessEvent, ResponseOf<'access:events'>, AccessSlice['accessLog']>(logPiece, {
    limit: LOG_LIMIT,
    fetch: (page) => {
      const f = get().accessLog.filters;
      return call('access:events', {
        ...page,
        ...(f.actor.trim() ? { actor: f.actor.trim() } : {}),
        ...(f.purpose ? { purpose: f.purpose } : {}),
        ...(f.outcome ? { outcome: f.outcome } : {}),
      });
    },
    page: (r) => ({ rows: r.events, total: r.total }),
  });
  // A grant changes who may use what: the grants and the artifacts' "active grants" column.
  const granted = <T>(answer: T) => Promise.all([get().loadGrants(), get().loadLicenses()]).then(() => answer);
  return {
    policy: remote(),
    policySave: remote(),
    grants: list(),
    accessLog: { ...paged<AccessEvent>(), filters: { actor: '', purpose: '', outcome: '' } },
    loadPolicy: remoteLoader(policy, () => call('policy:get', {})),
    async savePolicy(text, note) {
      const result = await saver.run(() => call('policy:set', note.trim() ? { text, note: note.trim() } : { text }), {
        start: () => ({ ...remote<PolicySetResult>(), loading: true }),
        land: (cur, data) => ({ ...cur, data }),
      });
      if (!result) return false;
      if (result.policy) policy.set((p) => ({ ...p, data: result.policy }));
      // Verdicts were re-evaluated under the new policy: the table and the open bundle show stale ones.
      if (result.changed) {
        void get().loadLicenses();
        const open = get().bundleLicenses.key;
        if (open) void get().loadBundleLicenses(open);
      }
      return result.saved;
    },
    clearPolicyProblems() {
      saver.drop();
      save.set(() => remote());
    },
    loadGrants: () => loadGrants(),
    addGrant: (request) => call('access:grant', request).then(granted),
    revokeGrant: (id, reason) => call('access:revoke', { id, reason }).then(granted),
    loadAccessLog: () => log.load(),
    setAccessLogFilters(p) {
      logPiece.set((l) => ({ ...l, filters: { ...l.filters, ...p } }));
      void log.load();
    },
  };
};
