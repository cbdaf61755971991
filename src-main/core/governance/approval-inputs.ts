import type { BundleMetadata, BundleStatus } from '../../common/schemas/bundle';
import type { Decision } from '../../common/schemas/governance';
import type { ReplayRecord } from '../../common/schemas/replay';
import { CodedError } from '../../common/result';
import { evaluateBundleLicenses } from '../licenses/evaluate-bundle';
import { getReplay } from '../services/replay-bundle';
import type { ReadApi } from '../store/store';
import { emailOfKey, signerOf, type Approver, type PriorDecision, type RuleInput } from './approval-rules';
import { sweepApprovals } from './approval-sweep';
import { allAuthorshipFacts } from './authorship-store';
import { authorshipKeys } from './signature-trust';
import { authorshipReport } from './authorship-report';
import { metadataRefusals } from '../bundle/crate/metadata-refusal';
import type { ApprovedModule, ModuleVersion } from './module-baseline';
import { readPolicy } from './policy-store';
import { teamKeys, type TrustedKey } from './team-file';
import { allModuleOwners, approvalPolicyHash, readTeam } from './team-store';

/** Reads from the store everything the pure approval rules need about one bundle. */

export interface BundleFacts {
  digest: string;
  name: string;
  importedAt: string;
  metadata: BundleMetadata;
  status: BundleStatus;
  files: { path: string; sha256: string }[];
}

export function bundleFacts(db: ReadApi, digest: string): BundleFacts {
  const row = db.get<{ name: string; imported_at: string; status: BundleStatus; metadata_json: string }>(
    "SELECT name, imported_at, CASE WHEN metadata_state = 'refused' THEN 'refused-metadata' ELSE status END AS status, metadata_json FROM bundles WHERE digest = ?",
    [digest],
  );
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

export const modulesOf = (meta: Pick<BundleMetadata, 'modules'>): ModuleVersion[] =>
  (meta.modules ?? []).map((m) => ({ name: m.name, repository: m.codeRepository ?? null, version: m.version }));

/** What every bundle's rules share, read once (the inbox evaluates every bundle against it). */
export interface ApprovalContext {
  team: RuleInput['team'];
  keys: RuleInput['keys']; // the team's keys (empty without a team)
  authorshipKeys: TrustedKey[]; // the keys signatures are judged by: the team's, else the local identity
  policyHash: string;
  moduleOwners: Record<string, string[]>;
  decisions: Map<string, PriorDecision[]>; // by bundle digest, oldest first
  signers: Map<string, Approver | null>; // the verified signer of each decided bundle
  settled: Map<string, { at: string; baselineSize: number }>; // approved bundles: when, and the baseline then
  baseline: ApprovedModule[]; // every approved bundle's modules, in the order they were approved
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
  const trusted = authorshipKeys(db);
  const decided = [...decisions.keys()];
  const facts = allAuthorshipFacts(db, decided);
  const signers = new Map(decided.map((d) => [d, signerOf(authorshipReport(facts.get(d) ?? null, trusted))]));
  const modules = decidedModules(db, decided);
  const moduleOwners = allModuleOwners(db);
  const events = rows.map((r) => ({ digest: r.digest, decision: { keyId: r.key_id, email: r.approver_email, decision: r.decision, policyHash: r.policy_hash, decidedAt: r.decided_at } }));
  const { settled, baseline } = sweepApprovals(events, { team, keys, policyHash, moduleOwners, signers, modules });
  return { team, keys, authorshipKeys: trusted, policyHash, moduleOwners, decisions, signers, settled, baseline };
}

/** The module versions of the decided bundles, from their facts rows (or their metadata when a row is missing). */
function decidedModules(db: ReadApi, digests: string[]): Map<string, ModuleVersion[]> {
  if (digests.length === 0) return new Map();
  const rows = db.all<{ digest: string; modules: string | null }>(
    `SELECT b.digest, COALESCE(f.modules_json, json_extract(b.metadata_json, '$.modules')) AS modules
     FROM bundles b LEFT JOIN bundle_approval_facts f ON f.digest = b.digest WHERE b.digest IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(digests)],
  );
  return new Map(rows.map((r) => [r.digest, modulesOf({ modules: r.modules ? (JSON.parse(r.modules) as BundleMetadata['modules']) : [] })]));
}

/** The module versions a bundle's changes are judged against: as of its approval once approved, else as of now. */
export function baselineFor(digest: string, context: ApprovalContext): ApprovedModule[] {
  const settled = context.settled.get(digest);
  return settled ? context.baseline.slice(0, settled.baselineSize) : context.baseline.filter((b) => b.digest !== digest);
}

export function ruleInput(db: ReadApi, facts: BundleFacts, approver: Approver | null, decision: Decision, justifications: Record<string, string>, context: ApprovalContext = approvalContext(db)): RuleInput {
  const replay = latestReplay(db, facts.digest);
  const authorship = authorshipReport(allAuthorshipFacts(db, [facts.digest]).get(facts.digest) ?? null, context.authorshipKeys, facts.metadata.author);
  const settled = context.settled.get(facts.digest);
  return {
    bundle: {
      digest: facts.digest,
      status: facts.status,
      refusal: facts.status === 'refused-metadata' ? (metadataRefusals(facts.metadata.problems)[0]?.message ?? null) : null,
      authorship,
      modules: modulesOf(facts.metadata),
    },
    replay: replay ? { id: replay.id, verdict: replay.verdict, reason: replay.reason, metrics: replay.outcome.metrics.map((m) => ({ name: m.name, pass: m.pass, reported: m.reported, replayed: m.replayed })) } : null,
    licenseVerdict: licenseVerdict(db, facts),
    approver,
    decision,
    justifications,
    team: context.team,
    keys: context.keys,
    policyHash: context.policyHash,
    decisions: context.decisions.get(facts.digest) ?? [],
    baseline: baselineFor(facts.digest, context),
    moduleOwners: context.moduleOwners,
    settled: settled ? { state: 'approved', at: settled.at } : null,
  };
}

/** The email this identity counts as (the team's, for its key). */
export const approverEmail = (context: ApprovalContext, approver: Approver) => emailOfKey(context, approver.keyId, approver.email);
