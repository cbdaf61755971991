import { createHash, randomUUID, type KeyObject } from 'node:crypto';
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
import { evaluateApproval } from './approval-rules';
import { approvalPolicyHash, readTeam } from './team-store';
import type { Tx } from '../store/store';

/** Approvals over the store: every rule's status, signed decisions (envelope + audit entry in one transaction), history, inbox. */

const approverOf = (identity: Identity | null) => (identity ? { name: identity.name, email: identity.email, keyId: identity.keyId } : null);

export function checkApproval(db: ReadApi, digest: string, identity: Identity | null, decision: Decision = 'approve', justifications: Record<string, string> = {}): ApprovalCheck {
  const facts = bundleFacts(db, digest);
  return { bundleDigest: digest, ...evaluateApproval(ruleInput(db, facts, approverOf(identity), decision, justifications)) };
}

export interface DecideInput {
  digest: string;
  decision: Decision;
  reason: string;
  justifications: Record<string, string>;
}

const blockedProblems = (check: ApprovalCheck): Problem[] => check.blocking.map((r) => ({ code: 'approval-blocked', rule: r.id, message: `${r.title}: ${r.message}` }));

/**
 * Records a signed decision when no rule blocks it. The rules are checked before the key is unlocked (no
 * passphrase is asked for a decision that cannot be made) and again inside the transaction that stores the
 * envelope and its 'approval.decide' audit entry. The statement names the audit head as it was before.
 */
export async function decideApproval(store: Store, input: DecideInput, identity: Identity | null, unlock: () => Promise<KeyObject>, actor: string): Promise<DecideResult> {
  const justifications = Object.fromEntries(Object.entries(input.justifications).map(([k, v]) => [k.trim(), v.trim()]).filter(([k, v]) => k && v));
  const reason = input.reason.trim();
  const first = checkApproval(store, input.digest, identity, input.decision, justifications);
  if (first.blocking.length > 0 || !identity) return { accepted: false, approval: null, record: null, problems: blockedProblems(first), check: first };
  if (!reason) return { accepted: false, approval: null, record: null, problems: [{ code: 'approval-reason-missing', message: 'a decision needs a written reason' }], check: first };
  const privateKey = await unlock();

  return store.transaction((tx) => {
    const facts = bundleFacts(tx, input.digest);
    const check: ApprovalCheck = { bundleDigest: input.digest, ...evaluateApproval(ruleInput(tx, facts, approverOf(identity), input.decision, justifications)) };
    if (check.blocking.length > 0) return { accepted: false, approval: null, record: null, problems: blockedProblems(check), check };
    const head = chainHead(tx) ?? { seq: 0, hash: GENESIS_HASH };
    const replay = latestReplay(tx, input.digest);
    const licenseVerdict = storedVerdict(tx, input.digest);
    const time = tx.now().toISOString();
    const predicate: ApprovalPredicate = {
      decision: input.decision,
      reason,
      justifications,
      replay: replay
        ? { id: replay.id, verdict: replay.verdict, metrics: replay.outcome.metrics.map((m) => ({ name: m.name, reported: m.reported, replayed: m.replayed, delta: m.delta, pass: m.pass })), outputSha256: replay.outputSha256 }
        : null,
      licenseVerdict,
      policyHash: check.policyHash,
      approver: { name: identity.name, email: identity.email, keyId: identity.keyId },
      time,
      audit: { seq: head.seq, head: head.hash },
      teamVersion: readTeam(tx)?.version ?? null,
    };
    const envelope = signStatement(approvalStatement(input.digest, facts.files(), predicate), privateKey, identity.keyId);
    const envelopeJson = JSON.stringify(envelope);
    const id = randomUUID();
    const entry = appendAudit(tx, {
      actor,
      action: 'approval.decide',
      subject: input.digest,
      details: {
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
      },
    });
    insertApproval(tx, { id, digest: input.digest, decision: input.decision, keyId: identity.keyId, name: identity.name, email: identity.email, reason, justifications, policyHash: check.policyHash, replayId: replay?.id ?? null, decidedAt: time, auditSeq: entry.seq, envelopeJson, teamVersion: predicate.teamVersion ?? null });
    const after: ApprovalCheck = { bundleDigest: input.digest, ...evaluateApproval(ruleInput(tx, facts, approverOf(identity), input.decision, justifications)) };
    const record = listApprovals(tx, input.digest).find((r) => r.id === id) ?? null;
    return { accepted: true, approval: envelope, record, problems: [], check: after };
  });
}

export type { NewApproval } from '../store/repos/approvals-repo';

/** One decision row, local or imported, with the team version it was made under. */
export function insertApproval(tx: Tx, a: NewApproval): void {
  insertApprovalRow(tx, a);
}

/** Decisions newest first, of one bundle or all; `holds` is false once the policy they were made under changed. */
export function listApprovals(db: ReadApi, digest?: string): ApprovalRecord[] {
  return approvalRecords(db, approvalPolicyHash(db), digest);
}
