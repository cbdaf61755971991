import { z } from 'zod';
import { scalarSchema } from './bundle';

/** How one named thing differs between bundle A and bundle B. */
export const changeKindSchema = z.enum(['added', 'removed', 'changed', 'same']);
export type ChangeKind = z.infer<typeof changeKindSchema>;

/** One compared item: `a` and `b` are its values in each bundle (null when absent there). */
export const diffEntrySchema = z.object({
  name: z.string(),
  a: scalarSchema,
  b: scalarSchema,
  change: changeKindSchema,
  source: z.enum(['reported', 'replayed']).optional(), // metrics only
  loud: z.boolean().optional(), // data only: the same data set (by origin, or pipeline and path/name), another digest
  note: z.string().optional(),
});
export type DiffEntry = z.infer<typeof diffEntrySchema>;

export const bundleDiffSchema = z.object({
  parameters: z.array(diffEntrySchema),
  metrics: z.array(diffEntrySchema),
  data: z.array(diffEntrySchema),
  environment: z.array(diffEntrySchema),
  modules: z.array(diffEntrySchema),
  licenses: z.array(diffEntrySchema),
});
export type BundleDiff = z.infer<typeof bundleDiffSchema>;
export const diffSections = ['parameters', 'metrics', 'data', 'environment', 'modules', 'licenses'] as const;
export type DiffSection = (typeof diffSections)[number];

/** What `provdesk diff` and `compare:bundles` return: the sections plus which bundles were compared. */
export const compareReportSchema = bundleDiffSchema.extend({
  bundles: z.object({ a: z.string().nullable(), b: z.string().nullable() }),
  names: z.object({ a: z.string().nullable(), b: z.string().nullable() }).optional(),
});
export type CompareReport = z.infer<typeof compareReportSchema>;

export const driftKindSchema = z.enum(['data', 'module', 'package', 'runtime']);

/** Raised at import: something this bundle shares with an earlier one changed; a replay revalidates it. */
export const driftAlertSchema = z.object({
  id: z.number().int(),
  kind: driftKindSchema,
  bundleDigest: z.string(),
  earlierDigest: z.string(),
  subject: z.string(), // the data set, module or package name
  before: z.string().nullable(),
  after: z.string().nullable(),
  message: z.string(),
  suggestion: z.string(),
  createdAt: z.string(),
  earlierName: z.string().nullable(), // the earlier bundle's name; null when it is no longer in the store
  // Closed by a person with a reason (audited drift.dismiss); null while open.
  dismissed: z.object({ reason: z.string(), actor: z.string(), at: z.string(), auditSeq: z.number().int() }).nullable(),
});
export type DriftAlert = z.infer<typeof driftAlertSchema>;
