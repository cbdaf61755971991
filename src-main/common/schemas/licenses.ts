import { z } from 'zod';
import { problemSchema } from '../problem';
import { accessClassSchema, fileRoleSchema } from './bundle';

const digest = z.string().regex(/^[0-9a-f]{64}$/, 'a bundle digest (64 lowercase hex characters)');
const isoTime = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO-8601 date or time');

export const licenseStatusSchema = z.enum(['allowed', 'needs-review', 'denied', 'invalid']);
export type LicenseStatusName = z.infer<typeof licenseStatusSchema>;
export const licenseVerdictSchema = z.enum(['allowed', 'needs-review', 'denied']);
export type LicenseVerdict = z.infer<typeof licenseVerdictSchema>;

/** The policy's shape; its SPDX entries are checked in core (the SPDX lists live there). */
export const policyShapeSchema = z.object({
  intendedUse: z.enum(['commercial', 'research']),
  allow: z.array(z.string()),
  deny: z.array(z.string()),
  review: z.array(z.string()),
});

export const storedPolicySchema = z.object({
  version: z.number().int().min(0), // 0: the shipped default, not yet stored
  hash: z.string(),
  policy: policyShapeSchema,
  setAt: z.string().nullable(),
  setBy: z.string().nullable(),
  note: z.string().nullable(),
  isDefault: z.boolean(), // same content as the shipped default
});
export type StoredPolicy = z.infer<typeof storedPolicySchema>;

export const policySetRequestSchema = z
  .object({
    text: z.string().max(1024 * 1024), // the policy as JSON text, as the user typed it
    note: z.string().max(2000).optional(),
  })
  .strict();

/** What a policy change did to stored bundles: how many were evaluated again, and the first 20 whose verdict moved. */
export const policyReevaluationSchema = z.object({
  bundles: z.number().int(),
  verdictsChanged: z.number().int(),
  changes: z.array(
    z.object({ digest: z.string(), name: z.string(), from: licenseVerdictSchema.nullable(), to: licenseVerdictSchema }),
  ),
});
export type PolicyReevaluation = z.infer<typeof policyReevaluationSchema>;

export const policySetResultSchema = z.object({
  saved: z.boolean(),
  changed: z.boolean(), // false when the content (hash) equals the current policy
  problems: z.array(problemSchema), // each names the entry, e.g. "allow[3]: unknown SPDX id …"
  policy: storedPolicySchema.nullable(),
  reevaluated: policyReevaluationSchema.nullable(),
});
export type PolicySetResult = z.infer<typeof policySetResultSchema>;

export const artifactCheckSchema = z.object({
  path: z.string(),
  role: fileRoleSchema,
  inherited: z.boolean(),
  expression: z.string().nullable(),
  normalized: z.string().nullable(),
  status: licenseStatusSchema,
  reason: z.string(),
  suggestion: z.string().nullable(),
  licenses: z.array(z.string()),
  flags: z.array(z.string()),
});

export const licenseReportSchema = z.object({
  verdict: licenseVerdictSchema,
  policyHash: z.string(),
  artifacts: z.array(artifactCheckSchema),
  findings: z.array(problemSchema),
});

export const bundleLicensesSchema = licenseReportSchema.extend({
  bundleDigest: z.string(),
  policyVersion: z.number().int(),
  evaluatedAt: z.string(),
});
export type BundleLicenses = z.infer<typeof bundleLicensesSchema>;

export const licenseListRequestSchema = z
  .object({
    status: licenseStatusSchema.optional(),
    classification: accessClassSchema.optional(),
    role: fileRoleSchema.optional(),
    text: z.string().max(500).optional(), // matches path, license, bundle name or digest
    digest: digest.optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(5000).default(500),
  })
  .strict();

export const licenseRowSchema = z.object({
  bundleDigest: z.string(),
  bundleName: z.string(),
  bundleVerdict: licenseVerdictSchema,
  path: z.string(),
  role: fileRoleSchema,
  expression: z.string().nullable(),
  status: licenseStatusSchema,
  reason: z.string(),
  suggestion: z.string().nullable(),
  flags: z.array(z.string()),
  classification: accessClassSchema.nullable(), // null: not a data item (code, modules)
  sha256: z.string().nullable(),
  activeGrants: z.number().int(),
  lastAccess: z.string().nullable(),
});
export type LicenseRow = z.infer<typeof licenseRowSchema>;

export const licenseListSchema = z.object({
  total: z.number().int(),
  counts: z.record(licenseStatusSchema, z.number().int()), // over every artifact, whatever the filters
  rows: z.array(licenseRowSchema),
});
export type LicenseList = z.infer<typeof licenseListSchema>;

export const grantStateSchema = z.enum(['active', 'expired', 'revoked']);
export const grantSchema = z.object({
  id: z.string(),
  grantee: z.string(),
  datasetSha256: z.string().nullable(),
  datasetPath: z.string(),
  bundleDigest: z.string().nullable(), // null: the data set in whichever bundle holds it
  agreement: z.string(),
  grantedAt: z.string(),
  grantedBy: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  revokeReason: z.string().nullable(),
  state: grantStateSchema,
});
export type Grant = z.infer<typeof grantSchema>;

export const grantRequestSchema = z
  .object({
    grantee: z.string().trim().min(1, 'who the grant is for').max(200),
    dataset: z.string().trim().min(1, "the data file's SHA-256 or path").max(4096),
    bundle: digest.optional(),
    agreement: z.string().trim().min(1, 'the agreement the grant rests on').max(2000),
    expiresAt: isoTime.optional(),
  })
  .strict();
export type GrantRequest = z.infer<typeof grantRequestSchema>;

export const accessPurposeSchema = z.enum(['open', 'replay', 'export']);
export type AccessPurpose = z.infer<typeof accessPurposeSchema>;
// allowed: no grant needed (public, internal, unclassified); granted: a valid grant; override: audited reason.
export const accessOutcomeSchema = z.enum(['allowed', 'granted', 'override', 'refused']);

export const accessEventSchema = z.object({
  id: z.number().int(),
  time: z.string(),
  actor: z.string(),
  bundleDigest: z.string(),
  bundleName: z.string().nullable(),
  datasetPath: z.string(),
  datasetSha256: z.string().nullable(),
  classification: accessClassSchema,
  purpose: accessPurposeSchema,
  outcome: accessOutcomeSchema,
  grantId: z.string().nullable(),
  reason: z.string(),
  overrideReason: z.string().nullable(),
});
export type AccessEvent = z.infer<typeof accessEventSchema>;

export const accessEventsRequestSchema = z
  .object({
    actor: z.string().max(200).optional(),
    digest: digest.optional(),
    purpose: accessPurposeSchema.optional(),
    outcome: accessOutcomeSchema.optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(5000).default(200),
  })
  .strict();

export const complianceReportRequestSchema = z.object({ format: z.enum(['json', 'csv']) }).strict();
export const complianceReportSchema = z.object({ fileName: z.string(), mediaType: z.string(), text: z.string() });

/** The JSON compliance report (`compliance:report` with format json), as the printable view reads it. */
export const complianceReportDataSchema = z.object({
  kind: z.literal('provdesk-compliance-report'),
  generatedAt: z.string(),
  policy: policyShapeSchema.extend({
    version: z.number().int(),
    hash: z.string(),
    setAt: z.string().nullable(),
    setBy: z.string().nullable(),
    isDefault: z.boolean(),
  }),
  summary: z.object({
    bundles: z.number().int(),
    verdicts: z.record(z.string(), z.number().int()),
    artifacts: z.number().int(),
    statuses: z.record(z.string(), z.number().int()),
    classifications: z.record(z.string(), z.number().int()),
    grants: z.record(z.string(), z.number().int()),
    accessEvents: z.number().int(),
    accessOutcomes: z.record(z.string(), z.number().int()),
  }),
  bundles: z.array(
    z.object({
      bundleDigest: z.string(),
      name: z.string(),
      verdict: licenseVerdictSchema,
      policyVersion: z.number().int(),
      evaluatedAt: z.string(),
      artifacts: z.array(licenseRowSchema.omit({ bundleDigest: true, bundleName: true, bundleVerdict: true })),
    }),
  ),
  grants: z.array(grantSchema),
  accessEvents: z.array(accessEventSchema),
});
export type ComplianceReportData = z.infer<typeof complianceReportDataSchema>;
