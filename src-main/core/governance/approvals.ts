import { createHash, randomUUID, type KeyObject } from 'node:crypto';
import type { Problem } from '../../common/problem';
import { GENESIS_HASH } from '../audit/audit-chain';
import type { ApprovalCheck, ApprovalRecord, DecideResult, Decision, DsseEnvelope, Identity } from '../../common/schemas/governance';
import { appendAudit } from '../audit/audit-log';
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
    const head = tx.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1') ?? { seq: 0, hash: GENESIS_HASH };
    const replay = latestReplay(tx, input.digest);
    const licenseVerdict = tx.get<{ verdict: string }>('SELECT verdict FROM bundle_licenses WHERE digest = ?', [input.digest])?.verdict ?? null;
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
    const envelope = signStatement(approvalStatement(input.digest, facts.files, predicate), privateKey, identity.keyId);
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

export interface NewApproval {
  id: string;
  digest: string;
  decision: Decision;
  keyId: string;
  name: string;
  email: string;
  reason: string;
  justifications: Record<string, string>;
  policyHash: string;
  replayId: string | null;
  decidedAt: string;
  auditSeq: number;
  envelopeJson: string;
  teamVersion: number | null;
}

/** One decision row, local or imported, with the team version it was made under. */
export function insertApproval(tx: Tx, a: NewApproval): void {
  tx.run(
    `INSERT INTO approvals (id, digest, decision, key_id, approver_name, approver_email, reason, justifications_json, policy_hash, replay_id, decided_at, audit_seq, envelope_json, team_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [a.id, a.digest, a.decision, a.keyId, a.name, a.email, a.reason, JSON.stringify(a.justifications), a.policyHash, a.replayId, a.decidedAt, a.auditSeq, a.envelopeJson, a.teamVersion],
  );
}

interface ApprovalRow {
  id: string;
  digest: string;
  decision: Decision;
  key_id: string;
  approver_name: string;
  approver_email: string;
  reason: string;
  justifications_json: string;
  policy_hash: string;
  replay_id: string | null;
  decided_at: string;
  audit_seq: number | null;
  envelope_json: string;
  team_version: number | null;
}

/** Decisions newest first, of one bundle or all; `holds` is false once the policy they were made under changed. */
export function listApprovals(db: ReadApi, digest?: string): ApprovalRecord[] {
  const current = approvalPolicyHash(db);
  const rows = db.all<ApprovalRow>(`SELECT * FROM approvals ${digest ? 'WHERE digest = ?' : ''} ORDER BY decided_at DESC, rowid DESC`, digest ? [digest] : []);
  return rows.map((r) => ({
    id: r.id,
    bundleDigest: r.digest,
    decision: r.decision,
    reason: r.reason,
    justifications: JSON.parse(r.justifications_json) as Record<string, string>,
    approver: { name: r.approver_name, email: r.approver_email, keyId: r.key_id },
    policyHash: r.policy_hash,
    holds: r.policy_hash === current,
    replayId: r.replay_id,
    decidedAt: r.decided_at,
    auditSeq: r.audit_seq,
    teamVersion: r.team_version,
    envelope: JSON.parse(r.envelope_json) as DsseEnvelope,
  }));
}

