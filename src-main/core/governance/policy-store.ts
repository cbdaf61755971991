import type { StoredPolicy } from '../../common/schemas/licenses';
import { appendAudit } from '../audit/audit-log';
import { canonicalPolicyJson, defaultLicensePolicy, policyHash, type LicensePolicy } from '../licenses/policy';
import {
  insertPolicyVersion,
  latestPolicyVersion,
  policyVersions,
  type PolicyVersion,
} from '../store/repos/licenses-repo';
import type { ReadApi, Tx } from '../store/store';

const defaultHash = policyHash(defaultLicensePolicy);

const toStored = (p: PolicyVersion): StoredPolicy => ({ ...p, isDefault: p.hash === defaultHash });

/** The current policy; version 0 (the shipped default) while none is stored. */
export function readPolicy(db: ReadApi): StoredPolicy {
  const stored = latestPolicyVersion(db);
  if (stored) return toStored(stored);
  return {
    version: 0,
    hash: defaultHash,
    policy: defaultLicensePolicy,
    setAt: null,
    setBy: null,
    note: null,
    isDefault: true,
  };
}

/** Every stored version, newest first. */
export function policyHistory(db: ReadApi): StoredPolicy[] {
  return policyVersions(db).map(toStored);
}

/** On first use the shipped default is stored as version 1 (audited), so every evaluation names a stored version. */
export function ensurePolicy(tx: Tx, actor: string): StoredPolicy {
  const current = readPolicy(tx);
  if (current.version > 0) return current;
  return insertPolicy(tx, defaultLicensePolicy, 1, actor, 'the shipped default, stored on first use', null);
}

export function insertPolicy(
  tx: Tx,
  policy: LicensePolicy,
  version: number,
  actor: string,
  note: string | null,
  previous: StoredPolicy | null,
): StoredPolicy {
  const hash = policyHash(policy);
  const stored = insertPolicyVersion(tx, { version, hash, json: canonicalPolicyJson(policy), setBy: actor, note });
  appendAudit(tx, {
    actor,
    action: previous ? 'policy.set' : 'policy.default',
    subject: `license-policy/${version}`,
    details: {
      version,
      hash,
      intendedUse: policy.intendedUse,
      ...(note ? { note } : {}),
      ...(previous
        ? {
            previousVersion: previous.version,
            previousHash: previous.hash,
            changes: policyChanges(previous.policy, policy),
          }
        : {}),
    },
  });
  return toStored(stored);
}

/** What an auditor wants to read in the entry: the ids added to and removed from each list. */
export function policyChanges(before: LicensePolicy, after: LicensePolicy): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (before.intendedUse !== after.intendedUse) out.intendedUse = { from: before.intendedUse, to: after.intendedUse };
  for (const list of ['allow', 'deny', 'review'] as const) {
    const was = new Set(before[list]);
    const now = new Set(after[list]);
    const added = [...now].filter((id) => !was.has(id)).sort();
    const removed = [...was].filter((id) => !now.has(id)).sort();
    if (added.length || removed.length) out[list] = { added, removed };
  }
  return out;
}
