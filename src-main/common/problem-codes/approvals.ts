import { z } from 'zod';

/**
 * Decisions made here (approval-*) and decisions or attestations read from elsewhere (attestation-*,
 * approval-import-*).
 */
export const approvalCodeSchema = z.enum([
  'approval-blocked',
  'approval-import-author',
  'approval-import-duplicate',
  'approval-import-not-reviewer',
  'approval-import-replaced',
  'approval-import-superseded',
  'approval-import-unknown-bundle',
  'approval-reason-missing',
  'attestation-bad-signature',
  'attestation-invalid',
  'attestation-payload-type',
  'attestation-revoked-key',
  'attestation-signer-mismatch',
  'attestation-statement-invalid',
  'attestation-unknown-key',
  'attestation-unsigned',
  'attestation-wrong-bundle',
]);
export type ApprovalCode = z.infer<typeof approvalCodeSchema>;
