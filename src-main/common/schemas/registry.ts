import { z } from 'zod';
import { problemSchema } from '../problem';
import { importResultSchema } from './bundle';
import { pathRefSchema } from './path-ref';

/**
 * The team registry (issue 15): what the app asks and what it is told. Credentials never cross: the core reads them.
 */

const repository = z.string().trim().min(3).max(1024);

export const registryEntrySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    repository,
    plainHttp: z.boolean(),
    // A PEM file of the CA that signed the registry's certificate (a company CA), trusted for this registry only.
    caFile: z.string().trim().min(1).max(4096).optional(),
  })
  .strict();
export const registrySettingsSchema = z.object({ registries: z.array(registryEntrySchema).max(20) }).strict();
export type RegistrySettings = z.infer<typeof registrySettingsSchema>;
/**
 * What a save sends: the entries without their CA files. A CA file is a path, so it comes only through
 * registry:setCaFile (a dialog's handle in the desktop app); a save keeps each entry's CA file by name.
 */
export const registrySettingsSaveSchema = z
  .object({ registries: z.array(registryEntrySchema.omit({ caFile: true }).strict()).max(20) })
  .strict();
export type RegistrySettingsSave = z.infer<typeof registrySettingsSaveSchema>;
export const registryCaFileRequestSchema = z
  .object({ name: z.string().trim().min(1).max(100), caFile: pathRefSchema.nullable() })
  .strict();

export const registryBundleSchema = z.object({
  reference: z.string(),
  tags: z.array(z.string()),
  manifestDigest: z.string(),
  bundleDigest: z.string().nullable(), // the manifest's annotation: a claim until pulled and verified
  name: z.string().nullable(),
  signer: z.string().nullable(), // the annotation's claim (`org.opencontainers.image.authors`): verified on pull
  size: z.number().int(),
  pushedAt: z.string().nullable(),
  // unverified: listed without a store, so without a team to verify its decisions against (CLI only)
  state: z.enum(['pending', 'reproduced', 'approved', 'rejected', 'unverified']),
  reproducedBy: z.array(z.string()),
  approvedBy: z.array(z.string()),
  rejectedBy: z.array(z.string()),
  unverifiedDecisions: z.number().int(), // decisions the team's keys do not verify: never counted
  inStore: z.boolean(),
});
export type RegistryBundle = z.infer<typeof registryBundleSchema>;
export const registryListingSchema = z.object({
  repository: z.string(),
  bundles: z.array(registryBundleSchema),
  tags: z.number().int(),
  skipped: z.number().int(),
  verified: z.boolean(), // false: no store, so no team; every state is unverified
});
export type RegistryListing = z.infer<typeof registryListingSchema>;

const signer = z.object({ name: z.string(), email: z.string(), keyId: z.string() });
export const pushResultSchema = z.object({
  reference: z.string(),
  manifestDigest: z.string(),
  bundleDigest: z.string(),
  layerDigest: z.string(),
  size: z.number().int(),
  name: z.string().nullable(),
  signer: signer.nullable(),
});
export type PushResult = z.infer<typeof pushResultSchema>;
export const pullResultSchema = importResultSchema.extend({ reference: z.string(), manifestDigest: z.string() });
export type PullResult = z.infer<typeof pullResultSchema>;

export const forkSchema = z.object({
  id: z.number().int(),
  storeId: z.string(),
  kind: z.enum(['same-entries-other-head', 'lower-entries', 'other-key']),
  earlierSha256: z.string(),
  laterSha256: z.string(),
  message: z.string(),
  detectedAt: z.string(),
  auditSeq: z.number().int(),
});
export type Fork = z.infer<typeof forkSchema>;
export const registryChainCheckSchema = z.object({
  checked: z.number().int(),
  holding: z.number().int(),
  problems: z.array(problemSchema),
});
export const syncResultSchema = z.object({
  repository: z.string(),
  pushedDecisions: z.number().int(),
  pushedCheckpoint: z.object({ reference: z.string(), entries: z.number().int(), head: z.string() }).nullable(),
  importedDecisions: z.number().int(),
  refusedDecisions: z.array(z.object({ bundleDigest: z.string(), problems: z.array(problemSchema) })),
  unpublished: z.array(z.string()),
  witnesses: z.number().int(),
  forks: z.array(forkSchema),
  chain: registryChainCheckSchema,
});
export type SyncResult = z.infer<typeof syncResultSchema>;

/** A sync's step as a person reads it; counts so far, so a cancelled sync can say how far it got. */
export const syncProgressSchema = z.object({
  step: z.enum(['reading', 'pushing-decisions', 'pulling-decisions', 'checkpoints', 'pushing-checkpoint', 'done']),
  done: z.number().int(),
  total: z.number().int(),
  pushedDecisions: z.number().int(),
  importedDecisions: z.number().int(),
  witnesses: z.number().int(),
  text: z.string(),
});
export type SyncProgress = z.infer<typeof syncProgressSchema>;

export const registryListRequestSchema = z.object({ repository }).strict();
export const registryPullRequestSchema = z
  .object({ reference: z.string().trim().min(3).max(1100), plainHttp: z.boolean().optional() })
  .strict();
export const registryPushRequestSchema = z
  .object({ digest: z.string().regex(/^[0-9a-f]{64}$/), repository, tag: z.string().max(128).optional() })
  .strict();
export const registrySyncRequestSchema = z
  .object({ repository, passphrase: z.string().max(1000).optional(), checkpoint: z.boolean() })
  .strict();
