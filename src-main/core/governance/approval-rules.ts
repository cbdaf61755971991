import type { ApprovalCheck, ApprovalState, Decision, RuleResult, TeamFile } from '../../common/schemas/governance';
import { reviewingRoles, type TrustedKey } from './team-file';

/**
 * The approval rules as one pure function: everything it needs is passed in (the service reads it from
 * the store), and every rule comes back with its status in plain words, so the app and the CLI can say
 * which rule blocks rather than "cannot approve".
 */

export interface ModuleVersion {
  name: string;
  version: string | null;
}
export interface Approver {
  name: string;
  email: string;
  keyId: string;
}
export interface MetricOutcome {
  name: string;
  pass: boolean;
  reported: number | null;
  replayed: number | null;
}
export interface PriorDecision {
  keyId: string;
  email: string;
  decision: Decision;
  policyHash: string;
  decidedAt: string;
}

export interface RuleInput {
  bundle: { digest: string; status: 'verified' | 'weak' | 'invalid'; authorEmail: string | null; modules: ModuleVersion[] };
  replay: { id: string; verdict: 'reproduced' | 'not-reproduced' | 'failed'; reason: string; metrics: MetricOutcome[] } | null;
  licenseVerdict: 'allowed' | 'needs-review' | 'denied' | null;
  approver: Approver | null; // null: no local identity yet
  decision: Decision;
  justifications: Record<string, string>;
  team: TeamFile | null;
  keys: TrustedKey[]; // teamKeys(team); empty without a team
  policyHash: string; // the current one; decisions under another no longer hold
  decisions: PriorDecision[]; // on this bundle, oldest first
  previous: { digest: string; modules: ModuleVersion[] } | null; // last approved bundle of the same pipeline
  moduleOwners: Record<string, string[]>;
}

export type RuleId = 'bundle-verified' | 'replay-reproduced' | 'license-not-denied' | 'identity' | 'reviewer-role' | 'separation-of-duties' | 'module-owners' | 'quorum';

// A rejection needs a reviewer who is not the author; the bundle's own qualities are what it may be rejected for.
const rejectRules: ReadonlySet<string> = new Set<RuleId>(['identity', 'reviewer-role', 'separation-of-duties']);

// `hint`: the CLI command that does what the message asks; the app has its own buttons for it.
const rule = (id: RuleId, title: string, status: RuleResult['status'], message: string, hint?: string): RuleResult => ({ id, title, status, message, ...(hint ? { hint } : {}) });
const same = (a: string | null, b: string | null) => a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
const fmt = (n: number | null) => (n === null ? 'n/a' : String(Number(n.toPrecision(6))));

/** The decisions that still count: under the current policy, the latest per key, from keys the team has not revoked. */
export function holdingDecisions(input: Pick<RuleInput, 'decisions' | 'policyHash' | 'team' | 'keys'>): PriorDecision[] {
  const latest = new Map<string, PriorDecision>();
  for (const d of input.decisions) if (d.policyHash === input.policyHash) latest.set(d.keyId, d);
  return [...latest.values()]
    .filter((d) => {
      if (!input.team) return true;
      const key = input.keys.find((k) => k.keyId === d.keyId);
      return key !== undefined && !key.revoked && key.roles.some((r) => reviewingRoles.includes(r));
    })
    .map((d) => ({ ...d, email: emailOfKey(input, d.keyId, d.email) }));
}

/**
 * With a team, who holds a key is what the team file says, not what the identity claims: otherwise an author
 * could make an identity under another email and approve their own run.
 */
export function emailOfKey(input: Pick<RuleInput, 'team' | 'keys'>, keyId: string, claimed: string): string {
  return (input.team && input.keys.find((k) => k.keyId === keyId)?.email) || claimed;
}

export function evaluateApproval(input: RuleInput): Omit<ApprovalCheck, 'bundleDigest'> {
  const approver = input.approver ? { ...input.approver, email: emailOfKey(input, input.approver.keyId, input.approver.email) } : null;
  const others = holdingDecisions(input).filter((d) => !approver || d.keyId !== approver.keyId);
  const mine = approver && input.decision === 'approve' ? [{ email: approver.email, decision: 'approve' as const }] : [];
  const approving = [...others.filter((d) => d.decision === 'approve'), ...mine];
  const required = requiredOwners(input, approving.map((d) => d.email));
  const quorum = input.team?.quorum ?? 1;

  const rules: RuleResult[] = [
    bundleRule(input),
    replayRule(input),
    licenseRule(input),
    approver
      ? rule('identity', 'Signing identity', 'pass', `Signing as ${approver.name} <${approver.email}> (key ${approver.keyId.slice(0, 16)}).`)
      : rule('identity', 'Signing identity', 'block', 'There is no signing identity in this store: create one.', 'provdesk identity create --name N --email E'),
    roleRule(input),
    !approver
      ? rule('separation-of-duties', 'Not the run author', 'wait', 'Checked against the approver once there is an identity.')
      : !input.bundle.authorEmail
        ? rule('separation-of-duties', 'Not the run author', 'pass', 'The run names no author email, so it cannot be matched to the approver.')
        : same(approver.email, input.bundle.authorEmail)
          ? rule('separation-of-duties', 'Not the run author', 'block', `You (${approver.email}) are the run's author: someone else must review it.`)
          : rule('separation-of-duties', 'Not the run author', 'pass', `The run's author is ${input.bundle.authorEmail}, not the approver.`),
    ownersRule(required),
    approving.length >= quorum
      ? rule('quorum', 'Quorum', 'pass', `${approving.length} of the ${quorum} approval${quorum === 1 ? '' : 's'} needed${mine.length ? ', counting this one' : ''}.`)
      : rule('quorum', 'Quorum', 'wait', `${approving.length} of the ${quorum} approvals needed${mine.length ? ', counting this one' : ''}: ${quorum - approving.length} more reviewer${quorum - approving.length === 1 ? '' : 's'} must approve.`),
  ];
  const applies = (r: RuleResult) => input.decision === 'approve' || rejectRules.has(r.id);
  const blocking = rules.filter((r) => r.status === 'block' && applies(r));
  return {
    state: approvalState(input, quorum),
    policyHash: input.policyHash,
    rules,
    blocking,
    approvals: others.filter((d) => d.decision === 'approve').length,
    quorum,
    requiredOwners: required,
    approver,
  };
}

/**
 * pending → approved (quorum and every required owner, under the current policy) or rejected (a holding
 * rejection); superseded when decisions exist but none holds under the current policy.
 */
export function approvalState(
  input: Pick<RuleInput, 'decisions' | 'policyHash' | 'team' | 'keys' | 'previous' | 'moduleOwners'> & { bundle: Pick<RuleInput['bundle'], 'modules'> },
  quorum: number,
): ApprovalState {
  const holding = holdingDecisions(input);
  if (holding.some((d) => d.decision === 'reject')) return 'rejected';
  const approving = holding.filter((d) => d.decision === 'approve');
  const owners = requiredOwners(input, approving.map((d) => d.email));
  if (approving.length >= quorum && approving.length > 0 && owners.every((o) => o.approvedBy.length > 0)) return 'approved';
  if (holding.length === 0 && input.decisions.some((d) => d.policyHash !== input.policyHash)) return 'superseded';
  return 'pending';
}

/** Modules whose version differs from the last approved bundle of the same pipeline (added ones too). */
export function requiredOwners(input: Pick<RuleInput, 'previous' | 'moduleOwners'> & { bundle: Pick<RuleInput['bundle'], 'modules'> }, approverEmails: string[]): ApprovalCheck['requiredOwners'] {
  if (!input.previous) return [];
  const before = new Map(input.previous.modules.map((m) => [m.name, m.version]));
  return input.bundle.modules
    .filter((m) => !before.has(m.name) || before.get(m.name) !== m.version)
    .map((m) => {
      const owners = input.moduleOwners[m.name] ?? [];
      return { module: m.name, from: before.get(m.name) ?? null, to: m.version, owners, approvedBy: [...new Set(approverEmails.filter((e) => owners.some((o) => same(o, e))))] };
    });
}

function bundleRule({ bundle }: RuleInput): RuleResult {
  const title = 'Verified with strong hashes';
  if (bundle.status === 'verified') return rule('bundle-verified', title, 'pass', 'Every payload file matched its SHA-256 (or stronger) checksum.');
  if (bundle.status === 'weak') return rule('bundle-verified', title, 'block', 'The bundle verified only with weak hashes (MD5/SHA-1): ask the author for a bundle with a SHA-256 manifest.');
  return rule('bundle-verified', title, 'block', 'The bundle did not verify.');
}

function replayRule({ replay, justifications }: RuleInput): RuleResult {
  const title = 'Replay reproduced';
  if (!replay) return rule('replay-reproduced', title, 'block', 'There is no replay of this bundle yet: replay it.', 'provdesk replay DIGEST');
  if (replay.verdict === 'reproduced') return rule('replay-reproduced', title, 'pass', `The latest replay reproduced the run: ${replay.reason}`);
  if (replay.verdict === 'failed') return rule('replay-reproduced', title, 'block', `The latest replay could not run, which no justification can stand in for: ${replay.reason}`);
  const outside = replay.metrics.filter((m) => !m.pass);
  const needed = outside.length > 0 ? outside.map((m) => m.name) : ['outputs'];
  const missing = needed.filter((name) => !justifications[name]?.trim());
  if (missing.length === 0) return rule('replay-reproduced', title, 'pass', `Not reproduced, with a written justification for ${needed.join(', ')}.`);
  const what = missing.map((name) => {
    const m = outside.find((x) => x.name === name);
    return m ? `${name} (reported ${fmt(m.reported)}, replayed ${fmt(m.replayed)})` : `${name} (the outputs differ: ${replay.reason})`;
  });
  return rule('replay-reproduced', title, 'block', `The latest replay did not reproduce the run: give a written justification for ${what.join('; ')}.`, `--justify ${missing[0]}=TEXT`);
}

function licenseRule({ licenseVerdict }: RuleInput): RuleResult {
  const title = 'License verdict not denied';
  if (licenseVerdict === null) return rule('license-not-denied', title, 'block', 'The bundle has no license evaluation yet.');
  if (licenseVerdict === 'denied') return rule('license-not-denied', title, 'block', "The team's license policy denies an artifact of this bundle.", 'provdesk licenses DIGEST');
  if (licenseVerdict === 'needs-review') return rule('license-not-denied', title, 'pass', 'Some licenses need review; approving records that you reviewed them.');
  return rule('license-not-denied', title, 'pass', "Every artifact's license is allowed by the team's policy.");
}

function roleRule({ approver, team, keys }: RuleInput): RuleResult {
  const title = 'Reviewer in the team';
  if (!team) return rule('reviewer-role', title, 'pass', 'There is no team file: the local identity may review.');
  if (!approver) return rule('reviewer-role', title, 'wait', 'Checked against the team once there is an identity.');
  const key = keys.find((k) => k.keyId === approver.keyId);
  if (!key) return rule('reviewer-role', title, 'block', `Your key ${approver.keyId.slice(0, 16)} is not in the team file: ask an admin to add it.`);
  if (key.revoked) return rule('reviewer-role', title, 'block', `Your key ${approver.keyId.slice(0, 16)} is revoked in the team file.`);
  if (!key.roles.some((r) => reviewingRoles.includes(r))) return rule('reviewer-role', title, 'block', `${key.email} is a ${key.roles.join(', ')} in the team, not a reviewer, owner or admin.`);
  return rule('reviewer-role', title, 'pass', `${key.email} is a ${key.roles.join(', ')} in the team.`);
}

function ownersRule(required: ApprovalCheck['requiredOwners']): RuleResult {
  const title = 'Module owners approve';
  if (required.length === 0) return rule('module-owners', title, 'pass', 'No module changed version since the last approved bundle of this pipeline.');
  const orphan = required.filter((r) => r.owners.length === 0);
  if (orphan.length > 0) {
    return rule('module-owners', title, 'block', orphan.map((r) => `Module ${r.module} changed (${r.from ?? 'new'} → ${r.to ?? 'no version'}) and has no owner: set one (Modules, or the team file).`).join(' '));
  }
  const waiting = required.filter((r) => r.approvedBy.length === 0);
  if (waiting.length === 0) return rule('module-owners', title, 'pass', `Every changed module has its owner's approval (${required.map((r) => `${r.module}: ${r.approvedBy.join(', ')}`).join('; ')}).`);
  return rule('module-owners', title, 'wait', waiting.map((r) => `Module ${r.module} changed (${r.from ?? 'new'} → ${r.to ?? 'no version'}): one of ${r.owners.join(', ')} must approve.`).join(' '));
}
