import { z } from 'zod';

/** The hash-chained audit log, its verified-through mark, exported logs and signed checkpoints. */
export const auditCodeSchema = z.enum([
  'audit-chain-broken',
  'audit-entry-altered',
  'audit-entry-missing',
  'audit-entry-out-of-order',
  'audit-mark-mismatch',
  'audit-tail-cut',
  'checkpoint-chain-broken',
  'checkpoint-duplicate',
  'checkpoint-head-mismatch',
  'checkpoint-invalid',
  'checkpoint-key-not-pinned',
  'checkpoint-key-untrusted',
  'checkpoint-other-store',
  'checkpoint-signature-invalid',
  'clock-skew',
  'malformed-line',
]);
export type AuditCode = z.infer<typeof auditCodeSchema>;
