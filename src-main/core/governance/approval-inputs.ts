import type { BundleMetadata, BundleStatus } from '../../common/schemas/bundle';
import type { Decision } from '../../common/schemas/governance';
import type { ReplayRecord } from '../../common/schemas/replay';
import { CodedError } from '../../common/result';
import { evaluateBundleLicenses } from '../licenses/evaluate-bundle';
import { moduleVersionsByBundle } from '../store/repos/approval-facts-repo';
import { decisionEvents } from '../store/repos/approvals-repo';
import { bundleSummary } from '../store/repos/bundle-list-repo';
import { bundleMetadata, payloadFiles } from '../store/repos/bundles-repo';
import { storedVerdict } from '../store/repos/licenses-repo';
import { latestReplayId, replayRecord } from '../store/repos/replays-repo';
import type { ReadApi } from '../store/store';
import { emailOfKey, signerOf, type Approver, type PriorDecision, type RuleInput } from './approval-rules';
import { sweepApprovals } from './approval-sweep';
import { allAuthorshipFacts } from './authorship-store';
import { authorshipKeys } from './signature-trust';
import { authorshipReport } from './authorship-report';
import { metadataRefusals } from '../bundle/crate/metadata-refusal';
import { BaselineIndex, type ApprovedModule, type ModuleVersion } from './module-baseline';
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
  files(): { path: string; sha256: string }[];
}

export function bundleFacts(db: ReadApi, digest: string): BundleFacts {
  const summary = bundleSummary(db, digest);
  const metadata = summary && bundleMetadata(db, digest);
  if (!summary || !metadata) throw new CodedError('not-found', `no bundle with digest ${digest} in this store`);
  // The payload files are read only by a decision's statement, not by the rules the inbox evaluates 500 times.
  return {
    digest,
    name: summary.name,
    importedAt: summary.importedAt,
    status: summary.status,
    metadata,
    files: () => payloadFiles(db, digest),
  };
}

export function latestReplay(db: ReadApi, digest: string): ReplayRecord | null {
  const id = latestReplayId(db, digest);
  return id ? replayRecord(db, id) : null;
}

/** The stored verdict under the store's current license policy (evaluated at import); computed when absent. */
export function licenseVerdict(db: ReadApi, facts: BundleFacts): RuleInput['licenseVerdict'] {
  return storedVerdict(db, facts.digest) ?? evaluateBundleLicenses(facts.metadata, readPolicy(db).policy).verdict;
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
  baselineIndex: BaselineIndex; // the same, indexed: what a bundle not yet approved is judged against
}

export function approvalContext(db: ReadApi): ApprovalContext {
  const team = readTeam(db)?.team ?? null;
  const keys = team ? teamKeys(team) : [];
  const policyHash = approvalPolicyHash(db);
  const decisions = new Map<string, PriorDecision[]>();
  const events = decisionEvents(db).map(({ digest, ...decision }) => ({ digest, decision }));
  for (const e of events) {
    const list = decisions.get(e.digest) ?? [];
    list.push(e.decision);
    decisions.set(e.digest, list);
  }
  const trusted = authorshipKeys(db);
  const decided = [...decisions.keys()];
  const facts = allAuthorshipFacts(db, decided);
  const signers = new Map(decided.map((d) => [d, signerOf(authorshipReport(facts.get(d) ?? null, trusted))]));
  const modules = moduleVersionsByBundle(db, decided);
  const moduleOwners = allModuleOwners(db);
  const { settled, baseline, index } = sweepApprovals(events, {
    team,
    keys,
    policyHash,
    moduleOwners,
    signers,
    modules,
  });
  return {
    team,
    keys,
    authorshipKeys: trusted,
    policyHash,
    moduleOwners,
    decisions,
    signers,
    settled,
    baseline,
    baselineIndex: index,
  };
}

/** The module versions a bundle's changes are judged against: as of its approval once approved, else as of now. */
/** baselineFor, indexed: the shared index for a bundle not approved (the inbox's case), a fresh one otherwise. */
export function baselineIndexFor(digest: string, context: ApprovalContext): BaselineIndex {
  return context.settled.has(digest) ? new BaselineIndex(baselineFor(digest, context)) : context.baselineIndex;
}

export function baselineFor(digest: string, context: ApprovalContext): ApprovedModule[] {
  const settled = context.settled.get(digest);
  return settled
    ? context.baseline.slice(0, settled.baselineSize)
    : context.baseline.filter((b) => b.digest !== digest);
}

export function ruleInput(
  db: ReadApi,
  facts: BundleFacts,
  approver: Approver | null,
  decision: Decision,
  justifications: Record<string, string>,
  context: ApprovalContext = approvalContext(db),
): RuleInput {
  const replay = latestReplay(db, facts.digest);
  const authorship = authorshipReport(
    allAuthorshipFacts(db, [facts.digest]).get(facts.digest) ?? null,
    context.authorshipKeys,
    facts.metadata.author,
  );
  const settled = context.settled.get(facts.digest);
  return {
    bundle: {
      digest: facts.digest,
      status: facts.status,
      refusal:
        facts.status === 'refused-metadata' ? (metadataRefusals(facts.metadata.problems)[0]?.message ?? null) : null,
      authorship,
      modules: modulesOf(facts.metadata),
    },
    replay: replay
      ? {
          id: replay.id,
          verdict: replay.verdict,
          reason: replay.reason,
          metrics: replay.outcome.metrics.map((m) => ({
            name: m.name,
            pass: m.pass,
            reported: m.reported,
            replayed: m.replayed,
          })),
        }
      : null,
    licenseVerdict: licenseVerdict(db, facts),
    approver,
    decision,
    justifications,
    team: context.team,
    keys: context.keys,
    policyHash: context.policyHash,
    decisions: context.decisions.get(facts.digest) ?? [],
    baseline: baselineIndexFor(facts.digest, context),
    moduleOwners: context.moduleOwners,
    settled: settled ? { state: 'approved', at: settled.at } : null,
  };
}

/** The email this identity counts as (the team's, for its key). */
export const approverEmail = (context: ApprovalContext, approver: Approver) =>
  emailOfKey(context, approver.keyId, approver.email);
