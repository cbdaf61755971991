import { z } from 'zod';

/** The signed team file: its own checks and the chain of versions an import must extend. */
export const teamCodeSchema = z.enum([
  'team-bad-key',
  'team-chain-broken',
  'team-duplicate-key',
  'team-duplicate-member',
  'team-invalid',
  'team-missing-version',
  'team-not-signed-by-admins',
  'team-rollback',
  'team-signature-invalid',
  'team-unsigned',
  'team-version-conflict',
]);
export type TeamCode = z.infer<typeof teamCodeSchema>;
