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

export const modulesOf = (meta: Pick<BundleMetadata, 'modules'>): ModuleVersion[] => (meta.modules ?? []).map((m) => ({ name: m.name, version: m.version }));

/** What every bundle's rules share, read once (the inbox evaluates every bundle against it). */
export interface ApprovalContext {
  team: RuleInput['team'];
  keys: RuleInput['keys'];
  policyHash: string;
  moduleOwners: Record<string, string[]>;
  decisions: Map<string, PriorDecision[]>; // by bundle digest, oldest first
  approvedByPipeline: Map<string, { digest: string; modules: ModuleVersion[]; at: string }[]>; // newest approval first
}

export function approvalContext(db: ReadApi): ApprovalContext {
  const team = readTeam(db)?.team ?? null;
  const keys = team ? teamKeys(team) : [];
  const policyHash = approvalPolicyHash(db);
  const decisions = new Map<string, PriorDecision[]>();
  const rows = db.all<{ digest: string; key_id: string; approver_email: string; decision: Decision; policy_hash: string; decided_at: string }>(
    'SELECT digest, key_id, approver_email, decision, policy_hash, decided_at FROM approvals ORDER BY decided_at, rowid',
  );
  for (const r of rows) {
    const list = decisions.get(r.digest) ?? [];
    list.push({ keyId: r.key_id, email: r.approver_email, decision: r.decision, policyHash: r.policy_hash, decidedAt: r.decided_at });
    decisions.set(r.digest, list);
  }
  // The baseline a new bundle's module versions are compared with: per pipeline (by name), the bundles an
  // approval currently holding approved, with no holding rejection.
  const approvedByPipeline = new Map<string, { digest: string; modules: ModuleVersion[]; at: string }[]>();
  const decided = db.all<{ digest: string; metadata_json: string }>('SELECT digest, metadata_json FROM bundles WHERE digest IN (SELECT digest FROM approvals)');
  for (const b of decided) {
    const holding = holdingDecisions({ team, keys, policyHash, decisions: decisions.get(b.digest) ?? [] });
    if (holding.some((d) => d.decision === 'reject')) continue;
    const at = holding.filter((d) => d.decision === 'approve').map((d) => d.decidedAt).sort().pop();
    const meta = JSON.parse(b.metadata_json) as Pick<BundleMetadata, 'modules' | 'pipeline'>;
    const pipeline = meta.pipeline?.name;
    if (!at || !pipeline) continue;
    const list = approvedByPipeline.get(pipeline) ?? [];
    list.push({ digest: b.digest, modules: modulesOf(meta), at });
    approvedByPipeline.set(pipeline, list);
  }
  for (const list of approvedByPipeline.values()) list.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { team, keys, policyHash, moduleOwners: allModuleOwners(db), decisions, approvedByPipeline };
}

/** The last approved bundle of the same pipeline, other than this one. */
export function lastApprovedOfPipeline(digest: string, pipeline: string | null | undefined, context: ApprovalContext): RuleInput['previous'] {
  const found = pipeline ? context.approvedByPipeline.get(pipeline)?.find((b) => b.digest !== digest) : undefined;
  return found ? { digest: found.digest, modules: found.modules } : null;
}

export function ruleInput(db: ReadApi, facts: BundleFacts, approver: Approver | null, decision: Decision, justifications: Record<string, string>, context: ApprovalContext = approvalContext(db)): RuleInput {
  const replay = latestReplay(db, facts.digest);
  return {
    bundle: { digest: facts.digest, status: facts.status, authorEmail: facts.metadata.author?.email ?? null, modules: modulesOf(facts.metadata) },
    replay: replay ? { id: replay.id, verdict: replay.verdict, reason: replay.reason, metrics: replay.outcome.metrics.map((m) => ({ name: m.name, pass: m.pass, reported: m.reported, replayed: m.replayed })) } : null,
    licenseVerdict: licenseVerdict(db, facts),
    approver,
    decision,
    justifications,
    team: context.team,
    keys: context.keys,
    policyHash: context.policyHash,
    decisions: context.decisions.get(facts.digest) ?? [],
    previous: lastApprovedOfPipeline(facts.digest, facts.metadata.pipeline?.name, context),
    moduleOwners: context.moduleOwners,
  };
}
