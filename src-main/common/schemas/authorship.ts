import { z } from 'zod';
import { problemSchema } from '../problem';

/**
 * Who signed a bundle (BUNDLE-FORMAT section 1, `authorship.dsse.json`), as `verify`, `inspect`, `import` and the
 * app report it. `signer` is the team member holding the key that signed, never what the envelope claims;
 * `claimed` is what the envelope claims, shown beside an unknown or untrusted key.
 */
export const authorshipStatusSchema = z.enum(['verified', 'unsigned', 'invalid', 'unknown-key', 'revoked-key']);
export type AuthorshipStatus = z.infer<typeof authorshipStatusSchema>;

export const signerSchema = z.object({ name: z.string(), email: z.string(), keyId: z.string() });
export type Signer = z.infer<typeof signerSchema>;

export const authorshipReportSchema = z.object({
  status: authorshipStatusSchema,
  signer: signerSchema.nullable(), // verified (or revoked-key): who holds the key in the team
  claimed: signerSchema.nullable(), // the envelope's own words about its signer: unauthenticated
  signedAt: z.string().nullable(),
  problems: z.array(problemSchema), // why it is not verified; warnings (severity 'warning') beside a verified one
});
export type AuthorshipReport = z.infer<typeof authorshipReportSchema>;

export const UNSIGNED_AUTHORSHIP: AuthorshipReport = {
  status: 'unsigned',
  signer: null,
  claimed: null,
  signedAt: null,
  problems: [],
};
