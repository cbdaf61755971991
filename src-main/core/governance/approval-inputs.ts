import type { BundleMetadata } from '../../common/schemas/bundle';
import type { Decision } from '../../common/schemas/governance';
import type { ReplayRecord } from '../../common/schemas/replay';
import { CodedError } from '../../common/result';
import { evaluateBundleLicenses } from '../licenses/evaluate-bundle';
import { getReplay } from '../services/replay-bundle';
import type { ReadApi } from '../store/store';
import { holdingDecisions, type Approver, type ModuleVersion, type PriorDecision, type RuleInput } from './approval-rules';
import { readPolicy } from './policy-store';
import { teamKeys } from './team-file';
import { allModuleOwners, approvalPolicyHash, readTeam } from './team-store';

/** Reads from the store everything the pure approval rules need about one bundle. */

export interface BundleFacts {
  digest: string;
  name: string;
  importedAt: string;
  metadata: BundleMetadata;
  status: 'verified' | 'weak' | 'invalid';
  files: { path: string; sha256: string }[];
}

export function bundleFacts(db: ReadApi, digest: string): BundleFacts {
  const row = db.get<{ name: string; imported_at: string; status: BundleFacts['status']; metadata_json: string }>('SELECT name, imported_at, status, metadata_json FROM bundles WHERE digest = ?', [digest]);
  if (!row) throw new CodedError('not-found', `no bundle with digest ${digest} in this store`);
  const files = db.all<{ path: string; sha256: string }>('SELECT path, sha256 FROM bundle_files WHERE digest = ? ORDER BY path', [digest]);
  return { digest, name: row.name, importedAt: row.imported_at, status: row.status, metadata: JSON.parse(row.metadata_json) as BundleMetadata, files };
}

export function latestReplay(db: ReadApi, digest: string): ReplayRecord | null {
  const row = db.get<{ id: string }>('SELECT id FROM replays WHERE digest = ? ORDER BY started_at DESC, rowid DESC LIMIT 1', [digest]);
  return row ? getReplay(db, row.id) : null;
}

/** The stored verdict under the store's current license policy (evaluated at import); computed when absent. */
export function licenseVerdict(db: ReadApi, facts: BundleFacts): RuleInput['licenseVerdict'] {
  const row = db.get<{ verdict: RuleInput['licenseVerdict'] }>('SELECT verdict FROM bundle_licenses WHERE digest = ?', [facts.digest]);
  return row?.verdict ?? evaluateBundleLicenses(facts.metadata, readPolicy(db).policy).verdict;
}

export function priorDecisions(db: ReadApi, digest: string): PriorDecision[] {
  return db
    .all<{ key_id: string; approver_email: string; decision: Decision; policy_hash: string; decided_at: string }>('SELECT key_id, approver_email, decision, policy_hash, decided_at FROM approvals WHERE digest = ? ORDER BY decided_at, rowid', [digest])
    .map((r) => ({ keyId: r.key_id, email: r.approver_email, decision: r.decision, policyHash: r.policy_hash, decidedAt: r.decided_at }));
}

const modulesOf = (meta: BundleMetadata): ModuleVersion[] => (meta.modules ?? []).map((m) => ({ name: m.name, version: m.version }));

/**
 * The last bundle of the same pipeline (by name) that an approval currently holding has approved, and no
 * holding rejection: the baseline whose module versions a new bundle is compared with.
 */
export function lastApprovedOfPipeline(db: ReadApi, facts: BundleFacts, context: Pick<RuleInput, 'policyHash' | 'team' | 'keys'>): RuleInput['previous'] {
  const pipeline = facts.metadata.pipeline?.name;
  if (!pipeline) return null;
  const candidates = db.all<{ digest: string; metadata_json: string }>('SELECT DISTINCT b.digest, b.metadata_json FROM bundles b JOIN approvals a ON a.digest = b.digest WHERE b.digest <> ?', [facts.digest]);
  let best: { digest: string; modules: ModuleVersion[]; at: string } | null = null;
  for (const c of candidates) {
    const meta = JSON.parse(c.metadata_json) as BundleMetadata;
    if (meta.pipeline?.name !== pipeline) continue;
    const holding = holdingDecisions({ ...context, decisions: priorDecisions(db, c.digest) });
    if (holding.some((d) => d.decision === 'reject')) continue;
    const approvedAt = holding.filter((d) => d.decision === 'approve').map((d) => d.decidedAt).sort().pop();
    if (approvedAt && (!best || approvedAt > best.at)) best = { digest: c.digest, modules: modulesOf(meta), at: approvedAt };
  }
  return best ? { digest: best.digest, modules: best.modules } : null;
}

export function ruleInput(db: ReadApi, facts: BundleFacts, approver: Approver | null, decision: Decision, justifications: Record<string, string>): RuleInput {
  const stored = readTeam(db);
  const team = stored?.team ?? null;
  const keys = team ? teamKeys(team) : [];
  const policyHash = approvalPolicyHash(db);
  const replay = latestReplay(db, facts.digest);
  return {
    bundle: { digest: facts.digest, status: facts.status, authorEmail: facts.metadata.author?.email ?? null, modules: modulesOf(facts.metadata) },
    replay: replay ? { id: replay.id, verdict: replay.verdict, reason: replay.reason, metrics: replay.outcome.metrics.map((m) => ({ name: m.name, pass: m.pass, reported: m.reported, replayed: m.replayed })) } : null,
    licenseVerdict: licenseVerdict(db, facts),
    approver,
    decision,
    justifications,
    team,
    keys,
    policyHash,
    decisions: priorDecisions(db, facts.digest),
    previous: lastApprovedOfPipeline(db, facts, { policyHash, team, keys }),
    moduleOwners: allModuleOwners(db),
  };
}
