import { z } from 'zod';
import { problemSchema } from '../problem';
import { pathRefSchema } from './path-ref'; // a handle in the desktop app, a typed path in the preview host

/** Making bundles in the app: pack a run folder, convert an MLflow run, export a stored bundle. */

const digest = z.string().regex(/^[0-9a-f]{64}$/, 'a bundle digest (64 lowercase hex characters)');
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One file that will be packed, with where its bytes come from (a file on disk, or made by the converter). */
export const plannedFileSchema = z.object({
  path: z.string(), // payload path under data/
  role: z.string(),
  bytes: z.number().int().nullable(), // null when the file could not be read for its size
  license: z.string().nullable(),
  access: z.string().nullable(),
  generated: z.boolean(), // written by the converter (metric history, run record), not copied
});
export type PlannedFile = z.infer<typeof plannedFileSchema>;

/** What will be written, before writing: `ready` false means `problems` say why it cannot be. */
export const bundlePlanSchema = z.object({
  ready: z.boolean(),
  name: z.string().nullable(),
  description: z.string().nullable(),
  author: z.string().nullable(),
  license: z.string().nullable(),
  runId: z.string().nullable(),
  runName: z.string().nullable(),
  files: z.array(plannedFileSchema),
  totalBytes: z.number().int(),
  parameters: z.record(z.string(), scalar),
  metrics: z.record(z.string(), z.number()),
  modules: z.array(z.object({ name: z.string(), version: z.string().nullable(), commit: z.string().nullable() })),
  models: z.array(z.string()), // payload paths with role model
  replay: z.boolean(), // whether replay.json will be written
  environment: z.boolean(), // whether env/environment.json will be written
  warnings: z.array(problemSchema),
  problems: z.array(problemSchema), // each provenance.yaml problem carries line and column
});
export type BundlePlan = z.infer<typeof bundlePlanSchema>;

/**
 * Signing the written bundle as the local identity; the passphrase is the preview host's (Electron uses safeStorage).
 */
const signFields = {
  sign: z.boolean().optional(),
  passphrase: z.string().max(1000).optional(),
};

/** Who signed a written bundle (its authorship.dsse.json), as the envelope names them. */
export const bundleSignerSchema = z.object({ name: z.string(), email: z.string(), keyId: z.string() });
export type BundleSigner = z.infer<typeof bundleSignerSchema>;

export const packRequestSchema = z.object({ dir: pathRefSchema }).strict();
export const packWriteRequestSchema = z.object({ dir: pathRefSchema, output: pathRefSchema, ...signFields }).strict();

const mlflowFields = {
  path: pathRefSchema,
  runId: z.string().trim().min(1).max(200).optional(),
  evalData: z.string().trim().min(1).max(1000).optional(),
  label: z.string().trim().min(1).max(200).optional(),
  task: z.enum(['classification', 'regression', 'text-classification', 'tensor']).optional(),
  // What MLflow does not record (issue 17: the dialog's fields, as the CLI's --author and --license).
  authorName: z.string().trim().min(1, 'author name: give a name, or leave the author empty').max(200).optional(),
  authorEmail: z.email('author e-mail: not an e-mail address').max(200).optional(),
  license: z.string().trim().min(1).max(500).optional(), // an SPDX expression
};
export const mlflowPlanRequestSchema = z.object(mlflowFields).strict();
export const mlflowWriteRequestSchema = z.object({ ...mlflowFields, output: pathRefSchema, ...signFields }).strict();

export const writtenBundleSchema = z.object({
  file: z.string(),
  bundleDigest: digest,
  files: z.number().int(),
  bytes: z.number().int(),
  warnings: z.array(problemSchema),
  signer: bundleSignerSchema.nullable(), // null: written unsigned
});
export type WrittenBundleResult = z.infer<typeof writtenBundleSchema>;

export const exportRequestSchema = z
  .object({
    digest,
    output: pathRefSchema,
    override: z.string().trim().min(1, 'why the data may leave without a grant').max(2000).optional(),
    ...signFields,
    replace: z.boolean().optional(), // replace a signature the stored bundle carries (refused without it)
  })
  .strict();
export const exportResultSchema = z.object({
  file: z.string(),
  bundleDigest: digest,
  // the signature this export added; a stored one is kept as is and not named here
  signer: bundleSignerSchema.nullable(),
  replaced: z.boolean(),
});
export type ExportResult = z.infer<typeof exportResultSchema>;
