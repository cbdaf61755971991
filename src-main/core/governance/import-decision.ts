import { createHash, randomUUID } from 'node:crypto';
import { identityActor } from '../audit/actor';
import type { Problem } from '../../common/problem';
import { dsseEnvelopeSchema, type DsseEnvelope, type ImportDecisionResult } from '../../common/schemas/governance';
import { appendAudit } from '../audit/audit-log';
import { parseJsonSafely } from '../bundle/safe-json';
import { bundleExists } from '../store/repos/bundles-repo';
import { replayRecord } from '../store/repos/replays-repo';
import type { Store } from '../store/store';
import { checkApproval, currentDecisionOf, insertApproval, listApprovals } from './approvals';
import { signerOf } from './approval-rules';
import { storedAuthorship } from './signature-trust';
import { approvalPredicateSchema } from './attestation';
import { verifyAttestationInStore } from './attestation-store';
import { readIdentity } from './local-identity';
import { approvalPolicyHash, trustedKeys } from './team-store';
import { reviewingRoles } from './team-file';

/**
 * Keeps a teammate's signed decision (a DSSE envelope exported on their machine) so it counts here like a local
 * one: quorum, module owners, history. It is verified against this store's team keys and the stored bundle's
 * files first; the signer is the team member holding the key, never what the payload claims.
 */

/** The envelope's own hash, as the audit entries name it: its fields in schema order, as decideApproval stores them. */
export const envelopeSha256 = (envelope: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(dsseEnvelopeSchema.parse(envelope)))
    .digest('hex');

/**
 * A decision's identity: what was signed (payload type and payload) and by which key. The envelope around it is
 * mutable (another signature added, a key id dropped) without changing the decision, so duplicates are found here.
 */
export const decisionIdentity = (envelope: DsseEnvelope, signerKeyId: string): string =>
  createHash('sha256').update(`${envelope.payloadType}\n${envelope.payload}\n${signerKeyId}`).digest('hex');

// Parsed as verifyAttestation parsed it (it verified, so it parses).
const jsonOf = (input: string | Buffer): unknown => {
  const r = parseJsonSafely(Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8'), {
    maxBytes: 32 * 1024 * 1024,
  });
  return r.ok ? r.value : null;
};

const refused = (problems: Problem[], report: ImportDecisionResult['report']): ImportDecisionResult => ({
  imported: false,
  record: null,
  report,
  problems,
  check: null,
});

export function importDecision(store: Store, envelope: string | Buffer | unknown, actor: string): ImportDecisionResult {
  return store.transaction((tx) => {
    const local = readIdentity(tx);
    const first = verifyAttestationInStore(tx, envelope, local);
    if (!first.valid || !first.bundleDigest) return refused(first.problems, first);
    const digest = first.bundleDigest;
    if (!bundleExists(tx, digest)) {
      return refused(
        [
          {
            code: 'approval-import-unknown-bundle',
            message: `the decision is about bundle ${digest}, which is not in this store: import the bundle first`,
            actual: digest,
          },
        ],
        first,
      );
    }
    // Again with the stored bundle's files: the decision must name exactly these bytes.
    const report = verifyAttestationInStore(tx, envelope, local, { digest });
    if (!report.valid || !report.signer) return refused(report.problems, report);
    const signer = report.signer;
    const parsedEnvelope = dsseEnvelopeSchema.parse(
      typeof envelope === 'string' || Buffer.isBuffer(envelope) ? jsonOf(envelope) : envelope,
    );
    const envelopeJson = JSON.stringify(parsedEnvelope);
    const hash = envelopeSha256(parsedEnvelope);
    const identity = decisionIdentity(parsedEnvelope, signer.keyId);
    const existing = listApprovals(tx, digest).find((r) => decisionIdentity(r.envelope, r.approver.keyId) === identity);
    if (existing) {
      return refused(
        [
          {
            code: 'approval-import-duplicate',
            message: `this decision is already in the store (${existing.decision} by ${existing.approver.email}, ${existing.decidedAt}): it counts once`,
          },
        ],
        report,
      );
    }
    const predicate = approvalPredicateSchema.parse(report.predicate);
    const key = trustedKeys(tx, local).find((k) => k.keyId === signer.keyId);
    if (key && !key.roles.some((r) => reviewingRoles.includes(r))) {
      return refused(
        [
          {
            code: 'approval-import-not-reviewer',
            message: `${signer.email} is a ${key.roles.join(', ')} in the team, not a reviewer, owner or admin: the decision would not count`,
          },
        ],
        report,
      );
    }
    // Separation of duties against the bundle's verified signer, never the author its metadata names.
    const author = signerOf(storedAuthorship(tx, digest));
    if (
      predicate.decision === 'approve' &&
      author &&
      (author.keyId === signer.keyId || author.email.trim().toLowerCase() === signer.email.trim().toLowerCase())
    ) {
      return refused(
        [
          {
            code: 'approval-import-author',
            message: `${signer.email} signed this run as its author: their approval cannot count (separation of duties)`,
          },
        ],
        report,
      );
    }
    const replayId =
      predicate.replay && replayRecord(tx, predicate.replay.id)?.bundleDigest === digest ? predicate.replay.id : null;
    const holds = predicate.policyHash === approvalPolicyHash(tx);
    // The same reviewer's decisions on one bundle: the later replaces the earlier (by when each was signed).
    const current = currentDecisionOf(tx, digest, signer);
    const supersedes = current && predicate.time >= current.decidedAt ? current.id : null;
    const replacedBy = current && predicate.time < current.decidedAt ? current : null;
    const id = randomUUID();
    const entry = appendAudit(tx, {
      actor: identityActor(signer), // who signed the decision; who imported it is osUser
      action: 'approval.import',
      subject: digest,
      details: {
        osUser: actor,
        approvalId: id,
        decision: predicate.decision,
        reason: predicate.reason,
        keyId: signer.keyId,
        email: signer.email,
        policyHash: predicate.policyHash,
        teamVersion: predicate.teamVersion ?? null,
        holds,
        signedAt: predicate.time,
        envelopeSha256: hash,
        supersedes,
        supersededBy: replacedBy?.id ?? null,
      },
    });
    insertApproval(tx, {
      id,
      digest,
      decision: predicate.decision,
      keyId: signer.keyId,
      name: signer.name,
      email: signer.email,
      reason: predicate.reason,
      justifications: predicate.justifications,
      policyHash: predicate.policyHash,
      replayId,
      decidedAt: predicate.time,
      auditSeq: entry.seq,
      envelopeJson,
      teamVersion: predicate.teamVersion ?? null,
    });
    const record = listApprovals(tx, digest).find((r) => r.id === id) ?? null;
    const problems: Problem[] = holds
      ? []
      : [
          {
            code: 'approval-import-superseded',
            message:
              'kept, but made under another policy (license policy or quorum) than this store’s: it does not count until re-decided',
          },
        ];
    if (replacedBy) {
      problems.push({
        code: 'approval-import-replaced',
        message: `kept, but ${signer.email} decided on this bundle again later (${replacedBy.decision}, ${replacedBy.decidedAt}): their later decision is the one that counts`,
      });
    }
    return { imported: true, record, report, problems, check: checkApproval(tx, digest, local) };
  });
}
