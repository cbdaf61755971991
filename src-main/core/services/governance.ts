import type { Handlers } from './dispatch';
import type { Store } from '../store/store';
import { CodedError } from '../../common/result';
import { createIdentity, readIdentity, unlockIdentity } from '../governance/local-identity';
import { scryptKeyProtector, type KeyProtector } from '../keys/key-protector';
import { approvalPolicyHash, readTeam } from '../governance/team-store';
import { importTeam } from '../governance/team-import';
import { createStoreTeam, editStoreTeam } from '../governance/team-actions';
import { addMember, setSettings } from '../governance/team-edit';
import { listModules, setModuleOwners } from '../governance/module-registry';
import { checkApproval, decideApproval, listApprovals } from '../governance/approvals';
import { approvalInbox } from '../governance/approval-inbox';
import { verifyAttestationInStore } from '../governance/attestation-store';
import { importDecision } from '../governance/import-decision';
import { readPolicy } from '../governance/policy-store';

type GovernanceChannels =
  | 'identity:get'
  | 'identity:create'
  | 'team:get'
  | 'team:import'
  | 'team:create'
  | 'team:addMember'
  | 'team:set'
  | 'modules:list'
  | 'modules:setOwners'
  | 'approvals:inbox'
  | 'approvals:check'
  | 'approvals:decide'
  | 'approvals:list'
  | 'approvals:import'
  | 'attestation:verify';

// The inbox lists the newest this many in full (each with its rules); the total says how many wait in all.
const INBOX_LIMIT = 500;

/**
 * How the host keeps private keys: Electron passes safeStorage; otherwise a passphrase (request, else
 * PROVDESK_PASSPHRASE).
 */
export type KeyProtectorFor = (passphrase: string | undefined) => KeyProtector;

export const passphraseProtector: KeyProtectorFor = (passphrase) => {
  const given = passphrase ?? process.env.PROVDESK_PASSPHRASE;
  if (!given)
    throw new CodedError(
      'invalid-request',
      'a passphrase is needed to use the signing key (give one, or set PROVDESK_PASSPHRASE)',
    );
  return scryptKeyProtector(given);
};

/** The governance channels of the contract: identity, team, modules, approvals, attestation verification. */
export function governanceHandlers(
  store: Store,
  actor: string,
  protectorFor: KeyProtectorFor = passphraseProtector,
): Pick<Handlers, GovernanceChannels> {
  return {
    'identity:get': async () => ({ identity: readIdentity(store) }),
    'identity:create': async ({ name, email, passphrase }) =>
      createIdentity(store, { name, email }, protectorFor(passphrase), actor),
    'team:get': async () => {
      const policy = readPolicy(store);
      const team = readTeam(store);
      const local = readIdentity(store);
      const localAdmin = !!team?.signed && !!local && team.admins.some((a) => a.keyId === local.keyId);
      return {
        team,
        policyHash: approvalPolicyHash(store),
        licensePolicy: { version: policy.version, hash: policy.hash },
        localAdmin,
      };
    },
    'team:import': async ({ text }) => {
      const r = importTeam(store, text, actor, 'app');
      return { saved: r.saved, changed: r.changed, problems: r.problems, team: r.team, pinned: r.pinned };
    },
    // Each signs a new version with the local identity (the passphrase unlocks it, else the host's keychain).
    'team:create': async ({ name, roles, passphrase }) => {
      const identity = readIdentity(store);
      return createStoreTeam(
        store,
        { name, roles },
        identity,
        () => unlockIdentity(store.dir, identity!, protectorFor(passphrase)),
        actor,
      );
    },
    'team:addMember': async ({ passphrase, ...member }) => {
      const identity = readIdentity(store);
      return editStoreTeam(
        store,
        (team) => addMember(team, member),
        identity,
        () => unlockIdentity(store.dir, identity!, protectorFor(passphrase)),
        actor,
        'team.addMember',
      );
    },
    'team:set': async ({ passphrase, ...settings }) => {
      const identity = readIdentity(store);
      return editStoreTeam(
        store,
        (team) => setSettings(team, settings),
        identity,
        () => unlockIdentity(store.dir, identity!, protectorFor(passphrase)),
        actor,
        'team.set',
      );
    },
    'modules:list': async () => ({ modules: listModules(store) }),
    'modules:setOwners': async ({ module, owners }) => setModuleOwners(store, module, owners, actor),
    'approvals:inbox': async () => {
      const identity = readIdentity(store);
      const inbox = approvalInbox(store, identity, { limit: INBOX_LIMIT });
      return { identity, items: inbox.items, total: inbox.total };
    },
    'approvals:check': async ({ digest, decision, justifications }) =>
      checkApproval(store, digest, readIdentity(store), decision, justifications),
    'approvals:decide': async ({ digest, decision, reason, justifications, passphrase }) => {
      const identity = readIdentity(store);
      return decideApproval(
        store,
        { digest, decision, reason, justifications },
        identity,
        () => unlockIdentity(store.dir, identity!, protectorFor(passphrase)),
        actor,
      );
    },
    'approvals:list': async ({ digest }) => ({ approvals: listApprovals(store, digest) }),
    'approvals:import': async ({ envelope }) => importDecision(store, envelope, actor),
    'attestation:verify': async ({ envelope, digest }) =>
      verifyAttestationInStore(store, envelope, readIdentity(store), digest ? { digest } : undefined),
  };
}
