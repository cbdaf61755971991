import { z } from 'zod';

/** The author's signature (authorship.dsse.json) and what import does with it. */
export const authorshipCodeSchema = z.enum([
  'authorship-author-differs',
  'authorship-bad-signature',
  'authorship-claim-differs',
  'authorship-malformed',
  'authorship-not-taken',
  'authorship-payload-type',
  'authorship-revoked-key',
  'authorship-signer-mismatch',
  'authorship-statement-invalid',
  'authorship-unknown-key',
  'authorship-wrong-bundle',
]);
export type AuthorshipCode = z.infer<typeof authorshipCodeSchema>;
