import { z } from 'zod';
import { problemSchema } from '../problem';
import { authorshipReportSchema } from './authorship';

/** What `provdesk verify` reports: BagIt structure and fixity (CLI.md). */
export const verifyReportSchema = z.object({
  valid: z.boolean(),
  complete: z.boolean(),
  weak: z.boolean(), // only md5/sha1 manifests: verifiable, not approvable
  bagitVersion: z.string().nullable(),
  bundleDigest: z.string().nullable(), // null when there is no sha256 manifest to derive it from
  files: z.number().int(),
  bytes: z.number().int(),
  algorithms: z.array(z.string()),
  problems: z.array(problemSchema),
  warnings: z.array(problemSchema),
});
export type VerifyReport = z.infer<typeof verifyReportSchema>;

export const fileRoleSchema = z.enum(['code', 'data', 'model', 'environment', 'result', 'metadata', 'other']);
export type FileRole = z.infer<typeof fileRoleSchema>;

export const accessClassSchema = z.enum(['public', 'internal', 'restricted', 'confidential', 'unclassified']);
export type AccessClass = z.infer<typeof accessClassSchema>;

export const personSchema = z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() });
export type Person = z.infer<typeof personSchema>;

export const bundleFileSchema = z.object({
  path: z.string(), // relative to data/
  sha256: z.string().nullable(),
  size: z.number().int().nullable(),
  role: fileRoleSchema,
  license: z.string().nullable(), // SPDX expression as written (inherited from the root when absent)
  licenseInherited: z.boolean(),
  access: accessClassSchema,
  accessRaw: z.string().nullable(),
  encodingFormat: z.string().nullable(),
  name: z.string().nullable(),
});
export type BundleFile = z.infer<typeof bundleFileSchema>;

export const moduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string().nullable(),
  codeRepository: z.string().nullable(),
  identifier: z.string().nullable(), // e.g. a git commit
  license: z.string().nullable(),
  files: z.array(z.string()),
});
export type Module = z.infer<typeof moduleSchema>;

export const datasetSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  version: z.string().nullable(),
  url: z.string().nullable(),
  // A declared identifier (a DOI, an accession number) as literal text; with url, the data set's origin. Absent in
  // older stores.
  identifier: z.string().nullable().optional(),
  license: z.string().nullable(),
  access: accessClassSchema,
  sha256: z.string().nullable(),
});
export type Dataset = z.infer<typeof datasetSchema>;

export const scalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const runSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  hypothesis: z.string().nullable(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  agent: z.string().nullable(),
  parameters: z.record(z.string(), scalarSchema),
  metrics: z.record(z.string(), z.number()),
});
export type Run = z.infer<typeof runSchema>;

export const environmentSchema = z
  .object({
    os: z.string().nullable().optional(),
    arch: z.string().nullable().optional(),
    cpu: z.string().nullable().optional(),
    gpu: z.string().nullable().optional(),
    runtime: z.object({ name: z.string(), version: z.string() }).nullable().optional(),
    packages: z.record(z.string(), z.string()).optional(),
    onnx: z
      .object({ opset: z.number().optional(), producer: z.string().optional() })
      .catchall(z.unknown())
      .nullable()
      .optional(),
  })
  .catchall(z.unknown());
export type Environment = z.infer<typeof environmentSchema>;

export const completenessSchema = z.object({
  level: z.enum(['green', 'amber', 'red']),
  score: z.number().min(0).max(1),
  checks: z.array(z.object({ id: z.string(), label: z.string(), pass: z.boolean(), reason: z.string() })),
});
export type Completeness = z.infer<typeof completenessSchema>;

/** What `provdesk inspect` reports: the parsed metadata (CLI.md). */
export const bundleMetadataSchema = z.object({
  name: z.string().nullable(),
  description: z.string().nullable(),
  datePublished: z.string().nullable(),
  license: z.string().nullable(),
  conformsTo: z.array(z.string()),
  crateVersion: z.string().nullable(),
  author: personSchema.nullable(),
  people: z.array(personSchema),
  run: runSchema.nullable(),
  files: z.array(bundleFileSchema),
  modules: z.array(moduleSchema),
  pipeline: z
    .object({
      name: z.string().nullable(),
      version: z.string().nullable(),
      modules: z.array(z.string()),
      requirements: z.array(z.object({ name: z.string(), version: z.string().nullable() })),
    })
    .nullable(),
  datasets: z.array(datasetSchema),
  environment: environmentSchema.nullable(),
  replay: z.record(z.string(), z.unknown()).nullable(),
  completeness: completenessSchema,
  problems: z.array(problemSchema),
});
export type BundleMetadata = z.infer<typeof bundleMetadataSchema>;

// refused-metadata: the bytes verified but the metadata was refused (CLI.md "metadata well-formedness"): kept, never
// approvable.
export const bundleStatusSchema = z.enum(['verified', 'weak', 'invalid', 'refused-metadata']);
export type BundleStatus = z.infer<typeof bundleStatusSchema>;

// What a person is told at a glance (core's classification, issue 17): refused, verified with problems, or verified.
export const integrityStateSchema = z.enum(['verified', 'verified-with-problems', 'refused']);
export type IntegrityState = z.infer<typeof integrityStateSchema>;

/**
 * Where a bundle's replication stands. A holding approval decision wins (approved / rejected); otherwise
 * the latest replay says: reproduced, not reproduced (evidence against the result), or failed (it could not run,
 * so it says nothing about the result); no replay yet is pending.
 */
export const replicationStateSchema = z.enum([
  'pending',
  'reproduced',
  'not-reproduced',
  'failed',
  'approved',
  'rejected',
]);
export type ReplicationState = z.infer<typeof replicationStateSchema>;

export const bundleSummarySchema = z.object({
  bundleDigest: z.string(),
  name: z.string(),
  author: z.string().nullable(),
  importedAt: z.string(),
  status: bundleStatusSchema,
  // core's classification of status and metadata errors (stored summaries carry it)
  integrity: integrityStateSchema.optional(),
  metadataErrors: z.number().int().optional(), // error-level metadata problems it was stored with
  completeness: z.enum(['green', 'amber', 'red']),
  files: z.number().int(),
  bytes: z.number().int(),
  // Under the current license policy (schemas/licenses.ts); null until evaluated.
  licenseVerdict: z.enum(['allowed', 'needs-review', 'denied']).nullable().optional(),
  // Where its replication stands; listed bundles carry it, a lone summary may not.
  replication: replicationStateSchema.optional(),
  // Who signed it, under the keys trusted now (listed bundles and bundle pages carry it).
  authorship: authorshipReportSchema.pick({ status: true, signer: true, claimed: true }).optional(),
});
export type BundleSummary = z.infer<typeof bundleSummarySchema>;

export const bundleDetailSchema = z.object({
  summary: bundleSummarySchema,
  verification: verifyReportSchema,
  metadata: bundleMetadataSchema,
  authorship: authorshipReportSchema,
  // the metadata problems that refused it (status refused-metadata); the rest follow from them
  refusals: z.array(problemSchema),
});
export type BundleDetail = z.infer<typeof bundleDetailSchema>;

export const importResultSchema = z.object({
  bundleDigest: z.string().nullable(),
  imported: z.boolean(),
  refused: z.boolean(),
  problems: z.array(problemSchema),
  warnings: z.array(problemSchema),
  // How the stored bundle stands (null when refused): refused-metadata is kept but never approvable.
  status: bundleStatusSchema.nullable().optional(),
  authorship: authorshipReportSchema.optional(),
  authorshipAdded: z.boolean().optional(), // an already stored bundle took this copy's author signature
  // Already present (issue 17): the stored bundle with this payload, and whether this copy only had MD5/SHA-1 manifests
  // (the store holds the same payload under a stronger manifest: that is why another bundle opens).
  presentAs: z.object({ name: z.string(), importedAt: z.string(), copyWeak: z.boolean() }).optional(),
});
export type ImportResult = z.infer<typeof importResultSchema>;
