import type { StoredPolicy } from '../../common/schemas/licenses';
import { appendAudit } from '../audit/audit-log';
import { canonicalPolicyJson, defaultLicensePolicy, policyHash, type LicensePolicy } from '../licenses/policy';
import type { ReadApi, Tx } from '../store/store';

interface PolicyRow {
  version: number;
  hash: string;
  policy_json: string;
  set_at: string;
  set_by: string;
  note: string | null;
}

const defaultHash = policyHash(defaultLicensePolicy);

function toStored(row: PolicyRow): StoredPolicy {
  return { version: row.version, hash: row.hash, policy: JSON.parse(row.policy_json) as LicensePolicy, setAt: row.set_at, setBy: row.set_by, note: row.note, isDefault: row.hash === defaultHash };
}

/** The current policy; version 0 (the shipped default) while none is stored. */
export function readPolicy(db: ReadApi): StoredPolicy {
  const row = db.get<PolicyRow>('SELECT version, hash, policy_json, set_at, set_by, note FROM license_policies ORDER BY version DESC LIMIT 1');
  if (row) return toStored(row);
  return { version: 0, hash: defaultHash, policy: defaultLicensePolicy, setAt: null, setBy: null, note: null, isDefault: true };
}

/** Every stored version, newest first. */
export function policyHistory(db: ReadApi): StoredPolicy[] {
  return db.all<PolicyRow>('SELECT version, hash, policy_json, set_at, set_by, note FROM license_policies ORDER BY version DESC').map(toStored);
}

/** On first use the shipped default is stored as version 1 (audited), so every evaluation names a stored version. */
export function ensurePolicy(tx: Tx, actor: string): StoredPolicy {
  const current = readPolicy(tx);
  if (current.version > 0) return current;
  return insertPolicy(tx, defaultLicensePolicy, 1, actor, 'the shipped default, stored on first use', null);
}

export function insertPolicy(tx: Tx, policy: LicensePolicy, version: number, actor: string, note: string | null, previous: StoredPolicy | null): StoredPolicy {
  const hash = policyHash(policy);
  const json = canonicalPolicyJson(policy);
  const setAt = tx.now().toISOString();
  tx.run('INSERT INTO license_policies (version, hash, policy_json, set_at, set_by, note) VALUES (?, ?, ?, ?, ?, ?)', [version, hash, json, setAt, actor, note]);
  appendAudit(tx, {
    actor,
    action: previous ? 'policy.set' : 'policy.default',
    subject: `license-policy/${version}`,
    details: { version, hash, intendedUse: policy.intendedUse, ...(note ? { note } : {}), ...(previous ? { previousVersion: previous.version, previousHash: previous.hash, changes: policyChanges(previous.policy, policy) } : {}) },
  });
  return { version, hash, policy: JSON.parse(json) as LicensePolicy, setAt, setBy: actor, note, isDefault: hash === defaultHash };
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
