import { z } from 'zod';
import { problemSchema } from '../problem';

/**
 * Identities, the team file, module ownership and signed approvals (issue 6). The team file and the DSSE
 * envelope are parsed with these schemas wherever they arrive (CLI file, contract request, teammate's export).
 */

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex characters');
const email = z
  .string()
  .trim()
  .min(3)
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/, 'an email address');

export const identitySchema = z.object({
  keyId: hex64, // SHA-256 of the SPKI DER public key
  publicKey: z.string(), // SPKI DER, base64
  name: z.string(),
  email: z.string(),
  createdAt: z.string(),
  protection: z.string(), // how the private key is kept: 'scrypt' (passphrase) or 'safe-storage'
});
export type Identity = z.infer<typeof identitySchema>;

export const roleSchema = z.enum(['contributor', 'reviewer', 'owner', 'admin']);
export type Role = z.infer<typeof roleSchema>;

export const teamMemberSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    email,
    publicKey: z.string().trim().min(40).max(200), // Ed25519 SPKI DER, base64
    roles: z.array(roleSchema).min(1).default(['reviewer']),
    // Keys this member no longer signs with: key ids (hex) or SPKI base64. Decisions signed with them are rejected.
    revokedKeys: z.array(z.string().trim().min(1).max(200)).default([]),
  })
  .strict();
export type TeamMember = z.infer<typeof teamMemberSchema>;

export const teamFileSchema = z
  .object({
    name: z.string().trim().max(200).optional(),
    members: z.array(teamMemberSchema).min(1).max(10_000),
    moduleOwners: z.record(z.string().min(1).max(200), z.array(email).max(1000)).default({}),
    quorum: z.number().int().min(1).max(100).default(1),
    // How many of this version's admins must sign the version that replaces it (TUF's root threshold).
    adminQuorum: z.number().int().min(1).max(100).default(1),
    // With a team, a bundle is approvable only when a team member's key signed its authorship.
    requireSignedAuthorship: z.boolean().default(true),
  })
  .strict();
export type TeamFile = z.infer<typeof teamFileSchema>;

export const teamAdminSchema = z.object({ name: z.string(), email: z.string(), keyId: z.string() });
export type TeamAdmin = z.infer<typeof teamAdminSchema>;

export const storedTeamSchema = z.object({
  version: z.number().int(), // a signed team's own version; a legacy team's store-local counter
  hash: z.string(),
  team: teamFileSchema,
  importedAt: z.string(),
  importedBy: z.string(),
  signed: z.boolean(), // false: a plain team file imported before signed teams (nobody administers it)
  admins: z.array(teamAdminSchema), // members with role admin and a key not revoked; [] for a legacy team
  pinned: z.object({ version: z.number().int(), at: z.string() }).nullable(), // the first signed import
  signers: z.array(z.string()), // key ids whose signatures on this version counted
});
export type StoredTeam = z.infer<typeof storedTeamSchema>;

export const moduleEntrySchema = z.object({
  name: z.string(),
  codeRepository: z.string().nullable(),
  owners: z.array(z.string()),
  versions: z.array(
    z.object({
      version: z.string().nullable(),
      bundles: z.array(
        z.object({ digest: z.string(), name: z.string(), pipeline: z.string().nullable(), importedAt: z.string() }),
      ),
    }),
  ),
});
export type ModuleEntry = z.infer<typeof moduleEntrySchema>;

// DSSE v1 (github.com/secure-systems-lab/dsse): the payload is base64 of the statement's bytes.
export const dsseEnvelopeSchema = z.object({
  payloadType: z.string().max(200),
  payload: z.string().max(16 * 1024 * 1024),
  signatures: z.array(z.object({ keyid: z.string().max(200).optional(), sig: z.string().max(10_000) })).max(32),
});
export type DsseEnvelope = z.infer<typeof dsseEnvelopeSchema>;

export const decisionSchema = z.enum(['approve', 'reject']);
export type Decision = z.infer<typeof decisionSchema>;

export const ruleStatusSchema = z.enum(['pass', 'block', 'wait']); // wait: met once other approvers decide
export const ruleResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: ruleStatusSchema,
  message: z.string(), // plain words: what holds, or what blocks and what to do
  hint: z.string().optional(), // the CLI command (or option) that does it; the app offers its own control
});
export type RuleResult = z.infer<typeof ruleResultSchema>;

export const approvalStateSchema = z.enum(['pending', 'approved', 'rejected', 'superseded']);
export type ApprovalState = z.infer<typeof approvalStateSchema>;

export const requiredOwnerSchema = z.object({
  module: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  owners: z.array(z.string()),
  approvedBy: z.array(z.string()),
});

export const approvalCheckSchema = z.object({
  bundleDigest: z.string(),
  state: approvalStateSchema,
  policyHash: z.string(),
  rules: z.array(ruleResultSchema),
  blocking: z.array(ruleResultSchema), // the rules that keep this approver from approving now
  // approvals that hold now (each reviewer's latest, the approver's own included): approvalCountText
  approvals: z.number().int(),
  // what `approvals` becomes once this approver's decision replaces any earlier one of theirs
  approvalsWithThis: z.number().int(),
  quorum: z.number().int(),
  requiredOwners: z.array(requiredOwnerSchema),
  approver: z.object({ name: z.string(), email: z.string(), keyId: z.string() }).nullable(),
  // The approver's own decision on this bundle that still stands (a new one supersedes it); absent when not asked.
  yours: z
    .object({ id: z.string(), decision: decisionSchema, decidedAt: z.string(), holds: z.boolean() })
    .nullable()
    .optional(),
  // What approving needs a written justification for (each metric outside tolerance, or "outputs"); [] when none
  justificationsNeeded: z.array(z.string()),
});
export type ApprovalCheck = z.infer<typeof approvalCheckSchema>;

export const approvalRecordSchema = z.object({
  id: z.string(),
  bundleDigest: z.string(),
  decision: decisionSchema,
  reason: z.string(),
  justifications: z.record(z.string(), z.string()),
  approver: z.object({ name: z.string(), email: z.string(), keyId: z.string() }),
  policyHash: z.string(),
  holds: z.boolean(), // false: superseded, the policy changed since or the same reviewer decided again
  // the same reviewer's later decision on this bundle that replaced this one
  supersededBy: z.string().nullable().optional(),
  replayId: z.string().nullable(),
  decidedAt: z.string(),
  auditSeq: z.number().int().nullable(),
  teamVersion: z.number().int().nullable(), // the team version it was made under (null before signed teams)
  envelope: dsseEnvelopeSchema,
});
export type ApprovalRecord = z.infer<typeof approvalRecordSchema>;

export const inboxItemSchema = z.object({
  bundleDigest: z.string(),
  name: z.string(),
  author: z.string().nullable(),
  importedAt: z.string(),
  state: approvalStateSchema,
  blocking: z.array(ruleResultSchema),
  ownerRequired: z.boolean(), // this identity's approval is required as a module owner
  approvals: z.number().int(), // the same count as approvals:check (approvalCountText)
  quorum: z.number().int(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const decideRequestSchema = z
  .object({
    digest: hex64,
    decision: decisionSchema,
    reason: z.string().trim().min(1, 'a reason is required').max(5000),
    justifications: z.record(z.string().max(200), z.string().trim().min(1).max(5000)).default({}),
    passphrase: z.string().max(1000).optional(), // the preview host's scrypt-protected key; Electron uses safeStorage
  })
  .strict();

export const decideResultSchema = z.object({
  accepted: z.boolean(),
  approval: dsseEnvelopeSchema.nullable(),
  record: approvalRecordSchema.nullable(),
  problems: z.array(problemSchema),
  check: approvalCheckSchema,
  // the approver's earlier decision this one replaced
  supersedes: approvalRecordSchema.pick({ id: true, decision: true, decidedAt: true }).nullable().optional(),
});
export type DecideResult = z.infer<typeof decideResultSchema>;

export const attestationReportSchema = z.object({
  valid: z.boolean(),
  signer: z.object({ name: z.string(), email: z.string(), keyId: z.string() }).nullable(),
  bundleDigest: z.string().nullable(),
  decision: z.string().nullable(),
  predicate: z.record(z.string(), z.unknown()).nullable(),
  problems: z.array(problemSchema),
});
export type AttestationReport = z.infer<typeof attestationReportSchema>;

// A teammate's decision kept in this store (approvals:import): refused with the reasons, or the stored record.
export const importDecisionResultSchema = z.object({
  imported: z.boolean(),
  record: approvalRecordSchema.nullable(),
  report: attestationReportSchema, // the verification it rests on
  problems: z.array(problemSchema), // why it was refused; when imported, a note (e.g. made under another policy)
  check: approvalCheckSchema.nullable(), // the bundle's approval state after the import
});
export type ImportDecisionResult = z.infer<typeof importDecisionResultSchema>;

const digestField = hex64;

const fingerprintedAdminSchema = teamAdminSchema.extend({ fingerprint: z.string() });
export const teamPinSchema = z.object({ version: z.number().int(), admins: z.array(fingerprintedAdminSchema) });
export type TeamPin = z.infer<typeof teamPinSchema>;

// A new team version made here (team:create|addMember|set): the document to share, and whether it is in use yet.
export const teamEditResultSchema = z.object({
  document: z.string(), // the signed team file (JSON text), with its history
  fileName: z.string(), // a suggested name for the download
  version: z.number().int(),
  imported: z.boolean(), // false: more admins must sign before any store takes it
  stillToSign: z.array(fingerprintedAdminSchema), // admins whose signature is still needed (`provdesk team sign FILE`)
  notes: z.array(z.string()), // what changed in words (a key rotated, a role added)
  team: storedTeamSchema.nullable(),
  pinned: teamPinSchema.nullable(),
  problems: z.array(problemSchema),
});
export type TeamEditResult = z.infer<typeof teamEditResultSchema>;

/** Contract requests and responses of the governance channels (contract.ts wires them). */
export const governanceChannelSchemas = {
  identityCreateRequest: z
    .object({ name: z.string().trim().min(1).max(200), email, passphrase: z.string().max(1000).optional() })
    .strict(),
  identityGetResponse: z.object({ identity: identitySchema.nullable() }),
  teamGetResponse: z.object({
    team: storedTeamSchema.nullable(),
    policyHash: z.string(), // what approvals are made under: the license policy's hash and the quorum
    licensePolicy: z.object({ version: z.number().int(), hash: z.string() }),
    localAdmin: z.boolean(), // the local identity is an admin of the signed team: it may sign the next version
  }),
  teamImportRequest: z.object({ text: z.string().max(4 * 1024 * 1024) }).strict(),
  teamImportResponse: z.object({
    saved: z.boolean(),
    changed: z.boolean(),
    problems: z.array(problemSchema),
    team: storedTeamSchema.nullable(),
    pinned: teamPinSchema.nullable(), // this import pinned the team: its admins, to check out of band
  }),
  teamCreateRequest: z
    .object({
      name: z.string().trim().min(1).max(200),
      roles: z.array(roleSchema).max(4).default([]),
      passphrase: z.string().max(1000).optional(),
    })
    .strict(),
  teamAddMemberRequest: z
    .object({
      name: z.string().trim().min(1).max(200),
      email,
      publicKey: z.string().trim().min(40).max(200),
      role: roleSchema,
      passphrase: z.string().max(1000).optional(),
    })
    .strict(),
  teamSetRequest: z
    .object({
      name: z.string().trim().min(1).max(200).optional(),
      quorum: z.number().int().min(1).max(100).optional(),
      adminQuorum: z.number().int().min(1).max(100).optional(),
      requireSignedAuthorship: z.boolean().optional(),
      passphrase: z.string().max(1000).optional(),
    })
    .strict(),
  teamEditResponse: teamEditResultSchema,
  modulesListResponse: z.object({ modules: z.array(moduleEntrySchema) }),
  modulesSetOwnersRequest: z
    .object({ module: z.string().trim().min(1).max(200), owners: z.array(email).max(1000) })
    .strict(),
  inboxResponse: z.object({
    identity: identitySchema.nullable(),
    items: z.array(inboxItemSchema),
    total: z.number().int(),
  }), // items: the newest, at most 500
  checkRequest: z
    .object({
      digest: digestField,
      decision: decisionSchema.default('approve'),
      justifications: z.record(z.string().max(200), z.string().max(5000)).default({}),
    })
    .strict(),
  listRequest: z.object({ digest: digestField.optional() }).strict(),
  listResponse: z.object({ approvals: z.array(approvalRecordSchema) }),
  verifyRequest: z.object({ envelope: z.string().max(32 * 1024 * 1024), digest: digestField.optional() }).strict(),
  importRequest: z.object({ envelope: z.string().max(32 * 1024 * 1024) }).strict(),
};
