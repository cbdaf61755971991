import { z } from 'zod';
import {
  approvalRecordSchema,
  decisionSchema,
  type ApprovalRecord,
  type Decision,
} from '../../../common/schemas/governance';
import type { ReadApi, Tx } from '../store-api';

/** The `approvals` table: every signed decision, local or imported, with its DSSE envelope as it was made. */

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
    [
      a.id,
      a.digest,
      a.decision,
      a.keyId,
      a.name,
      a.email,
      a.reason,
      JSON.stringify(a.justifications),
      a.policyHash,
      a.replayId,
      a.decidedAt,
      a.auditSeq,
      a.envelopeJson,
      a.teamVersion,
    ],
  );
}

interface ApprovalRow {
  id: string;
  digest: string;
  decision: string;
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

/**
 * Decisions newest first, of one bundle or all, with their justifications and envelopes parsed; `holds` is false
 * for those made under another approval policy hash than `currentPolicyHash`.
 */
export function approvalRecords(db: ReadApi, currentPolicyHash: string, digest?: string): ApprovalRecord[] {
  const rows = db.all<ApprovalRow>(
    `SELECT id, digest, decision, key_id, approver_name, approver_email, reason, justifications_json, policy_hash, replay_id, decided_at, audit_seq, envelope_json, team_version
     FROM approvals ${digest ? 'WHERE digest = ?' : ''} ORDER BY decided_at DESC, rowid DESC`,
    digest ? [digest] : [],
  );
  return rows.map((r) =>
    approvalRecordSchema.parse({
      id: r.id,
      bundleDigest: r.digest,
      decision: r.decision,
      reason: r.reason,
      justifications: JSON.parse(r.justifications_json),
      approver: { name: r.approver_name, email: r.approver_email, keyId: r.key_id },
      policyHash: r.policy_hash,
      holds: r.policy_hash === currentPolicyHash,
      replayId: r.replay_id,
      decidedAt: r.decided_at,
      auditSeq: r.audit_seq,
      teamVersion: r.team_version,
      envelope: JSON.parse(r.envelope_json),
    }),
  );
}

const decisionEventSchema = z.object({
  digest: z.string(),
  keyId: z.string(),
  email: z.string(),
  decision: decisionSchema,
  policyHash: z.string(),
  decidedAt: z.string(),
});
export type DecisionEvent = z.infer<typeof decisionEventSchema>;

/**
 * Every decision in the order it was made (the approval sweep settles them in that order): only the columns the
 * rules read, never the envelopes, so the inbox and the dashboard read them cheaply.
 */
export function decisionEvents(db: ReadApi): DecisionEvent[] {
  return db
    .all<{
      digest: string;
      key_id: string;
      approver_email: string;
      decision: string;
      policy_hash: string;
      decided_at: string;
    }>(
      'SELECT digest, key_id, approver_email, decision, policy_hash, decided_at FROM approvals ORDER BY decided_at, rowid',
    )
    .map((r) =>
      decisionEventSchema.parse({
        digest: r.digest,
        keyId: r.key_id,
        email: r.approver_email,
        decision: r.decision,
        policyHash: r.policy_hash,
        decidedAt: r.decided_at,
      }),
    );
}
