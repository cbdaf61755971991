import type { ApprovalCheck, ApprovalState, Decision, RuleResult, TeamFile } from '../../common/schemas/governance';
import type { AuthorshipReport } from '../../common/schemas/authorship';
import type { BundleStatus } from '../../common/schemas/bundle';
import { reviewingRoles, type TrustedKey } from './team-file';
import { BaselineIndex, requiredOwners, type ApprovedModule, type ModuleVersion } from './module-baseline';

/**
 * The approval rules as one pure function: everything it needs is passed in (the service reads it from
 * the store), and every rule comes back with its status in plain words, so the app and the CLI can say
 * which rule blocks rather than "cannot approve". Rules rest on verified facts only: who signed the bundle
 * (its authorship signature checked against the team's keys), never who the bundle says wrote it.
 */

export type { ModuleVersion } from './module-baseline';
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
  bundle: {
    digest: string;
    status: BundleStatus;
    refusal: string | null; // why its metadata was refused (status refused-metadata)
    authorship: AuthorshipReport; // under the keys trusted now
    modules: ModuleVersion[];
  };
  replay: {
    id: string;
    verdict: 'reproduced' | 'not-reproduced' | 'failed';
    reason: string;
    metrics: MetricOutcome[];
  } | null;
  licenseVerdict: 'allowed' | 'needs-review' | 'denied' | null;
  approver: Approver | null; // null: no local identity yet
  decision: Decision;
  justifications: Record<string, string>;
  team: TeamFile | null;
  keys: TrustedKey[]; // teamKeys(team); empty without a team
  policyHash: string; // the current one; decisions under another no longer hold
  decisions: PriorDecision[]; // on this bundle, oldest first
  // The module versions approved before: as of this bundle's own approval once it is approved, else as of now.
  baseline: readonly ApprovedModule[] | BaselineIndex;
  moduleOwners: Record<string, string[]>;
  settled: { state: 'approved'; at: string } | null; // when its approval completed (the store's sweep)
}

export type RuleId =
  | 'bundle-verified'
  | 'signed-authorship'
  | 'replay-reproduced'
  | 'license-not-denied'
  | 'identity'
  | 'reviewer-role'
  | 'separation-of-duties'
  | 'module-owners'
  | 'quorum';

// A rejection needs a reviewer who is not the author; the bundle's own qualities are what it may be rejected for.
const rejectRules: ReadonlySet<string> = new Set<RuleId>(['identity', 'reviewer-role', 'separation-of-duties']);

// `hint`: the CLI command that does what the message asks; the app has its own buttons for it.
const rule = (id: RuleId, title: string, status: RuleResult['status'], message: string, hint?: string): RuleResult => ({
  id,
  title,
  status,
  message,
  ...(hint ? { hint } : {}),
});
const same = (a: string | null, b: string | null) =>
  a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
const fmt = (n: number | null) => (n === null ? 'n/a' : String(Number(n.toPrecision(6))));

/**
 * Whether the team makes an author signature a condition of approval (the team's requireSignedAuthorship, default
 * true).
 */
export const signaturesRequired = (team: TeamFile | null): boolean =>
  team !== null && team.requireSignedAuthorship !== false;

/** The bundle's signer as the team knows them (a verified or a revoked key); null when nobody is verified. */
export function signerOf(authorship: AuthorshipReport): Approver | null {
  return (authorship.status === 'verified' || authorship.status === 'revoked-key') && authorship.signer
    ? authorship.signer
    : null;
}

const isSigner = (signer: Approver | null, keyId: string, email: string) =>
  !!signer && (signer.keyId === keyId || same(signer.email, email));

/**
 * Who a decision is from, for counting: with a team, the member the team gives its key (so a reviewer's rotated keys
 * are one reviewer); without one, the key. A reviewer's later decision on a bundle replaces their earlier one.
 */
export function reviewerOf(input: Pick<RuleInput, 'team' | 'keys'>, keyId: string, claimed: string): string {
  return input.team ? `member:${emailOfKey(input, keyId, claimed).trim().toLowerCase()}` : `key:${keyId}`;
}

/**
 * The decisions that still count: under the current policy, the latest per reviewer (a second decision replaces the
 * first), from keys the team has not revoked, and never the signer's own (an author's approval of their run does not
 * count, however it got in).
 */
export function holdingDecisions(
  input: Pick<RuleInput, 'decisions' | 'policyHash' | 'team' | 'keys'> & { signer?: Approver | null },
): PriorDecision[] {
  const latest = new Map<string, PriorDecision>();
  for (const d of input.decisions) {
    const reviewer = reviewerOf(input, d.keyId, d.email);
    latest.delete(reviewer); // the latest decision counts, whatever policy the earlier one was made under
    if (d.policyHash === input.policyHash) latest.set(reviewer, d);
  }
  return [...latest.values()]
    .filter((d) => {
      if (!input.team) return true;
      const key = input.keys.find((k) => k.keyId === d.keyId);
      return key !== undefined && !key.revoked && key.roles.some((r) => reviewingRoles.includes(r));
    })
    .map((d) => ({ ...d, email: emailOfKey(input, d.keyId, d.email) }))
    .filter((d) => !isSigner(input.signer ?? null, d.keyId, d.email));
}

/**
 * With a team, who holds a key is what the team file says, not what the identity claims: otherwise an author
 * could make an identity under another email and approve their own run.
 */
export function emailOfKey(input: Pick<RuleInput, 'team' | 'keys'>, keyId: string, claimed: string): string {
  return (input.team && input.keys.find((k) => k.keyId === keyId)?.email) || claimed;
}

/**
 * The names approving needs a written justification for: each metric outside tolerance of a not-reproduced replay, or
 * "outputs".
 */
export function justificationsNeeded(replay: RuleInput['replay']): string[] {
  if (!replay || replay.verdict !== 'not-reproduced') return [];
  const outside = replay.metrics.filter((m) => !m.pass).map((m) => m.name);
  return outside.length > 0 ? outside : ['outputs'];
}

export function evaluateApproval(input: RuleInput): Omit<ApprovalCheck, 'bundleDigest'> {
  const approver = input.approver
    ? { ...input.approver, email: emailOfKey(input, input.approver.keyId, input.approver.email) }
    : null;
  const signer = signerOf(input.bundle.authorship);
  const holding = holdingDecisions({ ...input, signer });
  const me = approver ? reviewerOf(input, approver.keyId, approver.email) : null;
  const others = holding.filter((d) => reviewerOf(input, d.keyId, d.email) !== me);
  const mine =
    approver && input.decision === 'approve' ? [{ email: approver.email, decision: 'approve' as const }] : [];
  const approving = [...others.filter((d) => d.decision === 'approve'), ...mine];
  const required = requiredOwners(
    input.bundle.modules,
    input.baseline,
    input.moduleOwners,
    approving.map((d) => d.email),
  );
  const quorum = input.team?.quorum ?? 1;

  const rules: RuleResult[] = [
    bundleRule(input),
    authorshipRule(input),
    replayRule(input),
    licenseRule(input),
    approver
      ? rule(
          'identity',
          'Signing identity',
          'pass',
          `Signing as ${approver.name} <${approver.email}> (key ${approver.keyId.slice(0, 16)}).`,
        )
      : rule(
          'identity',
          'Signing identity',
          'block',
          'There is no signing identity in this store: create one.',
          'provdesk identity create --name N --email E',
        ),
    roleRule(input),
    separationRule(approver, signer, input),
    ownersRule(required),
    approving.length >= quorum
      ? rule(
          'quorum',
          'Quorum',
          'pass',
          `${approving.length} of the ${quorum} approval${quorum === 1 ? '' : 's'} needed${mine.length ? ', counting this one' : ''}.`,
        )
      : rule(
          'quorum',
          'Quorum',
          'wait',
          `${approving.length} of the ${quorum} approvals needed${mine.length ? ', counting this one' : ''}: ${quorum - approving.length} more reviewer${quorum - approving.length === 1 ? '' : 's'} must approve.`,
        ),
  ];
  const applies = (r: RuleResult) => input.decision === 'approve' || rejectRules.has(r.id);
  const blocking = rules.filter((r) => r.status === 'block' && applies(r));
  return {
    state: approvalState({ ...input, signer }),
    policyHash: input.policyHash,
    rules,
    blocking,
    // One count for every screen: the approvals that hold now (this approver's own recorded one included), and what
    // it becomes with this decision (which replaces any earlier one of theirs).
    approvals: holding.filter((d) => d.decision === 'approve').length,
    approvalsWithThis: approving.length,
    quorum,
    requiredOwners: required,
    approver,
    justificationsNeeded: justificationsNeeded(input.replay),
  };
}

/**
 * rejected (a holding rejection) wins; approved once quorum and every required owner held when its last needed
 * decision was made (the store's sweep: approving another bundle later never changes it); superseded when
 * decisions exist but none holds under the current policy; otherwise pending.
 */
export function approvalState(
  input: Pick<RuleInput, 'decisions' | 'policyHash' | 'team' | 'keys' | 'settled'> & { signer?: Approver | null },
): ApprovalState {
  const holding = holdingDecisions(input);
  if (holding.some((d) => d.decision === 'reject')) return 'rejected';
  if (input.settled?.state === 'approved') return 'approved';
  if (holding.length === 0 && input.decisions.some((d) => d.policyHash !== input.policyHash)) return 'superseded';
  return 'pending';
}

/** Whether quorum and the required owners are met by these holding decisions against this baseline. */
export function approvalComplete(
  modules: ModuleVersion[],
  baseline: readonly ApprovedModule[] | BaselineIndex,
  moduleOwners: Record<string, string[]>,
  holding: PriorDecision[],
  quorum: number,
): boolean {
  const approving = holding.filter((d) => d.decision === 'approve');
  if (approving.length === 0 || approving.length < quorum) return false;
  return requiredOwners(
    modules,
    baseline,
    moduleOwners,
    approving.map((d) => d.email),
  ).every((o) => o.approvedBy.length > 0);
}

function bundleRule({ bundle }: RuleInput): RuleResult {
  const title = 'Verified with strong hashes';
  if (bundle.status === 'verified')
    return rule('bundle-verified', title, 'pass', 'Every payload file matched its SHA-256 (or stronger) checksum.');
  if (bundle.status === 'weak')
    return rule(
      'bundle-verified',
      title,
      'block',
      'The bundle verified only with weak hashes (MD5/SHA-1): ask the author for a bundle with a SHA-256 manifest.',
    );
  if (bundle.status === 'refused-metadata') {
    return rule(
      'bundle-verified',
      title,
      'block',
      `The bundle's metadata was refused${bundle.refusal ? ` (${bundle.refusal})` : ''}: nothing it says about itself can be relied on. Ask the author for a corrected bundle.`,
    );
  }
  return rule('bundle-verified', title, 'block', 'The bundle did not verify.');
}

/** Who signed the run, checked against the team's keys: the fact separation of duties rests on. */
function authorshipRule({ bundle, team }: RuleInput): RuleResult {
  const title = 'Author signature verified';
  const a = bundle.authorship;
  const sign = 'provdesk sign BUNDLE -o signed.bundle.zip';
  const required = signaturesRequired(team);
  switch (a.status) {
    case 'verified': {
      const notes = a.problems.map((p) => ` Note: ${p.message}.`).join('');
      return rule(
        'signed-authorship',
        title,
        'pass',
        `Signed by ${a.signer!.name} <${a.signer!.email}> with key ${a.signer!.keyId.slice(0, 16)}, a key the team trusts.${notes}`,
      );
    }
    case 'invalid':
      return rule(
        'signed-authorship',
        title,
        'block',
        `The author signature does not hold (${a.problems[0]?.message ?? 'it does not verify'}): ask the author to sign the bundle again.`,
        `${sign} --replace`,
      );
    case 'revoked-key':
      return rule(
        'signed-authorship',
        title,
        'block',
        `The bundle was signed with a key the team has revoked (${a.signer!.email}, key ${a.signer!.keyId.slice(0, 16)}): ask the author to sign it again with their current key.`,
        `${sign} --replace`,
      );
    case 'unknown-key': {
      const who = a.claimed ? ` (it names ${a.claimed.name} <${a.claimed.email}>)` : '';
      return required
        ? rule(
            'signed-authorship',
            title,
            'block',
            `The bundle was signed with a key that is not in the team${who}: ask an admin to add the author's key to the team, or the author to sign with their team key.`,
            'provdesk team add-member team.json --name N --email E --public-key KEY --role contributor',
          )
        : rule(
            'signed-authorship',
            title,
            'pass',
            `Signed with a key this store does not know${who}; without a team file a signature is not required.`,
          );
    }
    case 'unsigned':
      return required
        ? rule(
            'signed-authorship',
            title,
            'block',
            'The bundle carries no author signature, and the team requires one: ask the author to sign it.',
            sign,
          )
        : rule(
            'signed-authorship',
            title,
            'pass',
            'The bundle is unsigned; without a team file (or with one that does not require it) a signature is not required.',
          );
  }
}

/** The approver is compared with the verified signer, never with the author the metadata names. */
function separationRule(approver: Approver | null, signer: Approver | null, { bundle }: RuleInput): RuleResult {
  const title = 'Not the run author';
  if (!approver)
    return rule('separation-of-duties', title, 'wait', 'Checked against the approver once there is an identity.');
  if (signer && isSigner(signer, approver.keyId, approver.email)) {
    return rule(
      'separation-of-duties',
      title,
      'block',
      `You (${approver.email}) signed this run as its author: someone else must review it.`,
    );
  }
  if (signer)
    return rule('separation-of-duties', title, 'pass', `The run was signed by ${signer.email}, not by the approver.`);
  const whoSays = bundle.authorship.claimed
    ? `the envelope names ${bundle.authorship.claimed.email}`
    : 'no verified signature names anyone';
  return rule(
    'separation-of-duties',
    title,
    'pass',
    `The run's author is not verified (${whoSays}; the metadata's author is not evidence), so separation of duties rests on the author signature rule.`,
  );
}

const sentenceEnd = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

function replayRule({ replay, justifications }: RuleInput): RuleResult {
  const title = 'Replay reproduced';
  if (!replay)
    return rule(
      'replay-reproduced',
      title,
      'block',
      'There is no replay of this bundle yet: replay it.',
      'provdesk replay DIGEST',
    );
  if (replay.verdict === 'reproduced')
    return rule('replay-reproduced', title, 'pass', `The latest replay reproduced the run: ${replay.reason}`);
  // A replay that could not run says nothing about the result (it is no evidence against it either): it blocks until
  // one runs, and its reason says what to fix.
  if (replay.verdict === 'failed')
    return rule(
      'replay-reproduced',
      title,
      'block',
      `The latest replay could not run, which no justification can stand in for: ${sentenceEnd(replay.reason)} Fix that, then replay it again.`,
      'provdesk replay DIGEST',
    );
  const outside = replay.metrics.filter((m) => !m.pass);
  const needed = justificationsNeeded(replay);
  const missing = needed.filter((name) => !justifications[name]?.trim());
  if (missing.length === 0)
    return rule(
      'replay-reproduced',
      title,
      'pass',
      `Not reproduced, with a written justification for ${needed.join(', ')}.`,
    );
  const what = missing.map((name) => {
    const m = outside.find((x) => x.name === name);
    return m
      ? `${name} (reported ${fmt(m.reported)}, replayed ${fmt(m.replayed)})`
      : `${name} (the outputs differ: ${replay.reason})`;
  });
  return rule(
    'replay-reproduced',
    title,
    'block',
    `The latest replay did not reproduce the run: give a written justification for ${what.join('; ')}.`,
    `--justify ${missing[0]}=TEXT`,
  );
}

function licenseRule({ licenseVerdict }: RuleInput): RuleResult {
  const title = 'License verdict not denied';
  if (licenseVerdict === null)
    return rule('license-not-denied', title, 'block', 'The bundle has no license evaluation yet.');
  if (licenseVerdict === 'denied')
    return rule(
      'license-not-denied',
      title,
      'block',
      "The team's license policy denies an artifact of this bundle.",
      'provdesk licenses DIGEST',
    );
  if (licenseVerdict === 'needs-review')
    return rule(
      'license-not-denied',
      title,
      'pass',
      'Some licenses need review; approving records that you reviewed them.',
    );
  return rule('license-not-denied', title, 'pass', "Every artifact's license is allowed by the team's policy.");
}

function roleRule({ approver, team, keys }: RuleInput): RuleResult {
  const title = 'Reviewer in the team';
  if (!team) return rule('reviewer-role', title, 'pass', 'There is no team file: the local identity may review.');
  if (!approver) return rule('reviewer-role', title, 'wait', 'Checked against the team once there is an identity.');
  const key = keys.find((k) => k.keyId === approver.keyId);
  if (!key)
    return rule(
      'reviewer-role',
      title,
      'block',
      `Your key ${approver.keyId.slice(0, 16)} is not in the team file: ask an admin to add it.`,
    );
  if (key.revoked)
    return rule(
      'reviewer-role',
      title,
      'block',
      `Your key ${approver.keyId.slice(0, 16)} is revoked in the team file.`,
    );
  if (!key.roles.some((r) => reviewingRoles.includes(r)))
    return rule(
      'reviewer-role',
      title,
      'block',
      `${key.email} is a ${key.roles.join(', ')} in the team, not a reviewer, owner or admin.`,
    );
  return rule('reviewer-role', title, 'pass', `${key.email} is a ${key.roles.join(', ')} in the team.`);
}

function ownersRule(required: ApprovalCheck['requiredOwners']): RuleResult {
  const title = 'Module owners approve';
  if (required.length === 0)
    return rule(
      'module-owners',
      title,
      'pass',
      'Every module version was approved before (in any bundle), or is new and has no owner.',
    );
  const orphan = required.filter((r) => r.owners.length === 0);
  if (orphan.length > 0) {
    return rule(
      'module-owners',
      title,
      'block',
      orphan
        .map(
          (r) =>
            `Module ${r.module} changed (${r.from ?? 'new'} → ${r.to ?? 'no version'}) and has no owner: set one (Modules, or the team file).`,
        )
        .join(' '),
    );
  }
  const waiting = required.filter((r) => r.approvedBy.length === 0);
  if (waiting.length === 0)
    return rule(
      'module-owners',
      title,
      'pass',
      `Every changed module has its owner's approval (${required.map((r) => `${r.module}: ${r.approvedBy.join(', ')}`).join('; ')}).`,
    );
  return rule(
    'module-owners',
    title,
    'wait',
    waiting
      .map(
        (r) =>
          `Module ${r.module} changed (${r.from ?? 'new'} → ${r.to ?? 'no version'}): one of ${r.owners.join(', ')} must approve.`,
      )
      .join(' '),
  );
}
