import { createHash, randomUUID, type KeyObject } from 'node:crypto';
import { identityActor } from '../audit/actor';
import type { Problem } from '../../common/problem';
import { GENESIS_HASH } from '../audit/audit-chain';
import type { ApprovalCheck, ApprovalRecord, DecideResult, Decision, Identity } from '../../common/schemas/governance';
import { appendAudit } from '../audit/audit-log';
import { approvalRecords, insertApproval as insertApprovalRow, type NewApproval } from '../store/repos/approvals-repo';
import { chainHead } from '../store/repos/audit-repo';
import { storedVerdict } from '../store/repos/licenses-repo';
import type { ReadApi, Store } from '../store/store';
import { approvalStatement, signStatement, type ApprovalPredicate } from './attestation';
import { bundleFacts, latestReplay, ruleInput } from './approval-inputs';
import { evaluateApproval, reviewerOf } from './approval-rules';
import { teamKeys } from './team-file';
import { approvalPolicyHash, readTeam } from './team-store';
import type { Tx } from '../store/store';

/**
 * Approvals over the store: every rule's status, signed decisions (envelope + audit entry in one transaction), history,
 * inbox.
 */

const approverOf = (identity: Identity | null) =>
  identity ? { name: identity.name, email: identity.email, keyId: identity.keyId } : null;

export function checkApproval(
  db: ReadApi,
  digest: string,
  identity: Identity | null,
  decision: Decision = 'approve',
  justifications: Record<string, string> = {},
): ApprovalCheck {
  const facts = bundleFacts(db, digest);
  const check = evaluateApproval(ruleInput(db, facts, approverOf(identity), decision, justifications));
  const mine = identity ? currentDecisionOf(db, digest, identity) : null;
  return {
    bundleDigest: digest,
    ...check,
    yours: mine ? { id: mine.id, decision: mine.decision, decidedAt: mine.decidedAt, holds: mine.holds } : null,
  };
}

/** This identity's latest decision on the bundle (the one a new decision of theirs supersedes); null when none. */
export function currentDecisionOf(
  db: ReadApi,
  digest: string,
  who: { keyId: string; email: string },
): ApprovalRecord | null {
  const reviewer = reviewerFor(db);
  const me = reviewer(who.keyId, who.email);
  return (
    listApprovals(db, digest).find((r) => !r.supersededBy && reviewer(r.approver.keyId, r.approver.email) === me) ??
    null
  );
}

function reviewerFor(db: ReadApi): (keyId: string, email: string) => string {
  const team = readTeam(db)?.team ?? null;
  const input = { team, keys: team ? teamKeys(team) : [] };
  return (keyId, email) => reviewerOf(input, keyId, email);
}

export interface DecideInput {
  digest: string;
  decision: Decision;
  reason: string;
  justifications: Record<string, string>;
}

const blockedProblems = (check: ApprovalCheck): Problem[] =>
  check.blocking.map((r) => ({ code: 'approval-blocked', rule: r.id, message: `${r.title}: ${r.message}` }));

/**
 * Records a signed decision when no rule blocks it. The rules are checked before the key is unlocked (no
 * passphrase is asked for a decision that cannot be made) and again inside the transaction that stores the
 * envelope and its 'approval.decide' audit entry. The statement names the audit head as it was before.
 */
export async function decideApproval(
  store: Store,
  input: DecideInput,
  identity: Identity | null,
  unlock: () => Promise<KeyObject>,
  actor: string,
): Promise<DecideResult> {
  const justifications = Object.fromEntries(
    Object.entries(input.justifications)
      .map(([k, v]) => [k.trim(), v.trim()])
      .filter(([k, v]) => k && v),
  );
  const reason = input.reason.trim();
  const first = checkApproval(store, input.digest, identity, input.decision, justifications);
  if (first.blocking.length > 0 || !identity)
    return { accepted: false, approval: null, record: null, problems: blockedProblems(first), check: first };
  if (!reason)
    return {
      accepted: false,
      approval: null,
      record: null,
      problems: [{ code: 'approval-reason-missing', message: 'a decision needs a written reason' }],
      check: first,
    };
  const privateKey = await unlock();

  return store.transaction((tx) => {
    const facts = bundleFacts(tx, input.digest);
    const check: ApprovalCheck = {
      bundleDigest: input.digest,
      ...evaluateApproval(ruleInput(tx, facts, approverOf(identity), input.decision, justifications)),
    };
    if (check.blocking.length > 0)
      return { accepted: false, approval: null, record: null, problems: blockedProblems(check), check };
    const head = chainHead(tx) ?? { seq: 0, hash: GENESIS_HASH };
    // a second decision supersedes the first, never counts twice
    const replaced = currentDecisionOf(tx, input.digest, identity);
    const replay = latestReplay(tx, input.digest);
    const licenseVerdict = storedVerdict(tx, input.digest);
    const time = tx.now().toISOString();
    const predicate: ApprovalPredicate = {
      decision: input.decision,
      reason,
      justifications,
      replay: replay
        ? {
            id: replay.id,
            verdict: replay.verdict,
            metrics: replay.outcome.metrics.map((m) => ({
              name: m.name,
              reported: m.reported,
              replayed: m.replayed,
              delta: m.delta,
              pass: m.pass,
            })),
            outputSha256: replay.outputSha256,
          }
        : null,
      licenseVerdict,
      policyHash: check.policyHash,
      approver: { name: identity.name, email: identity.email, keyId: identity.keyId },
      time,
      audit: { seq: head.seq, head: head.hash },
      teamVersion: readTeam(tx)?.version ?? null,
    };
    const envelope = signStatement(
      approvalStatement(input.digest, facts.files(), predicate),
      privateKey,
      identity.keyId,
    );
    const envelopeJson = JSON.stringify(envelope);
    const id = randomUUID();
    const entry = appendAudit(tx, {
      actor: identityActor(identity), // the identity that signed the decision; the OS user below
      action: 'approval.decide',
      subject: input.digest,
      details: {
        osUser: actor,
        approvalId: id,
        decision: input.decision,
        reason,
        justifications,
        keyId: identity.keyId,
        email: identity.email,
        policyHash: check.policyHash,
        teamVersion: predicate.teamVersion,
        replayId: replay?.id ?? null,
        envelopeSha256: createHash('sha256').update(envelopeJson).digest('hex'),
        supersedes: replaced ? replaced.id : null,
      },
    });
    insertApproval(tx, {
      id,
      digest: input.digest,
      decision: input.decision,
      keyId: identity.keyId,
      name: identity.name,
      email: identity.email,
      reason,
      justifications,
      policyHash: check.policyHash,
      replayId: replay?.id ?? null,
      decidedAt: time,
      auditSeq: entry.seq,
      envelopeJson,
      teamVersion: predicate.teamVersion ?? null,
    });
    const after: ApprovalCheck = { ...checkApproval(tx, input.digest, identity, input.decision, justifications) };
    const record = listApprovals(tx, input.digest).find((r) => r.id === id) ?? null;
    return {
      accepted: true,
      approval: envelope,
      record,
      problems: [],
      check: after,
      supersedes: replaced ? { id: replaced.id, decision: replaced.decision, decidedAt: replaced.decidedAt } : null,
    };
  });
}

export type { NewApproval } from '../store/repos/approvals-repo';

/** One decision row, local or imported, with the team version it was made under. */
export function insertApproval(tx: Tx, a: NewApproval): void {
  insertApprovalRow(tx, a);
}

/**
 * Decisions newest first, of one bundle or all; `holds` is false once the policy they were made under changed, or once
 * the same reviewer decided on the same bundle again (`supersededBy` names that later decision).
 */
export function listApprovals(db: ReadApi, digest?: string): ApprovalRecord[] {
  const records = approvalRecords(db, approvalPolicyHash(db), digest);
  const reviewer = reviewerFor(db);
  const latest = new Map<string, string>(); // bundle + reviewer -> their newest decision's id
  return records.map((r) => {
    const key = `${r.bundleDigest} ${reviewer(r.approver.keyId, r.approver.email)}`;
    const newer = latest.get(key);
    if (newer === undefined) {
      latest.set(key, r.id);
      return { ...r, supersededBy: null };
    }
    return { ...r, holds: false, supersededBy: newer };
  });
}
