import { z } from 'zod';

/**
 * The signed team file (issue 12), in the shape of TUF's root metadata: `signed` is one version of the team,
 * `signatures` are admins' Ed25519 signatures over DSSE's PAE of its canonical JSON, and `history` carries the
 * earlier versions (oldest first) so one file brings a store that is several versions behind up to date.
 * `signed` stays a raw object here: its hash and signatures cover exactly what was written, and its fields are
 * parsed apart (teamVersionHeaderSchema, then the team file's own checks).
 */

export const TEAM_DOCUMENT_TYPE = 'urn:provenance-desk:team:1';
// The DSSE payload type a team signature is made over: a decision or authorship signature never verifies here.
export const TEAM_PAYLOAD_TYPE = 'application/vnd.provenance-desk.team+json';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex characters');

export const teamSignatureSchema = z.object({ keyid: hex64, sig: z.string().min(1).max(200) }).strict();
export type TeamSignature = z.infer<typeof teamSignatureSchema>;

export const teamVersionEnvelopeSchema = z
  .object({
    signed: z.record(z.string(), z.unknown()),
    signatures: z.array(teamSignatureSchema).max(100),
  })
  .strict();
export type TeamVersionEnvelope = z.infer<typeof teamVersionEnvelopeSchema>;

export const teamDocumentSchema = z
  .object({
    signed: z.record(z.string(), z.unknown()),
    signatures: z.array(teamSignatureSchema).max(100),
    history: z.array(teamVersionEnvelopeSchema).max(10_000).optional(),
  })
  .strict();
export type TeamDocumentJson = z.infer<typeof teamDocumentSchema>;

/** The fields of `signed` beside the team file's own (name, members, moduleOwners, quorum, adminQuorum, …). */
export const teamVersionHeaderSchema = z.object({
  _type: z.literal(TEAM_DOCUMENT_TYPE),
  version: z.number().int().min(1).max(1_000_000_000),
  previous: hex64.nullable(), // SHA-256 of the canonical JSON of the version this one replaces; null for version 1
  issuedAt: z.iso.datetime({ offset: true }),
});
export type TeamVersionHeader = z.infer<typeof teamVersionHeaderSchema>;
export const TEAM_HEADER_FIELDS = ['_type', 'version', 'previous', 'issuedAt'] as const;

/** A key id as people compare it out of band: the full 64 hex digits in groups of four. */
export function keyFingerprint(keyId: string): string {
  return keyId.match(/.{1,4}/g)?.join(' ') ?? keyId;
}
