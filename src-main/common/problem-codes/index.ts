import { z } from 'zod';
import { approvalCodeSchema } from './approvals';
import { archiveCodeSchema } from './archive';
import { auditCodeSchema } from './audit';
import { authorshipCodeSchema } from './authorship';
import { bagCodeSchema } from './bag';
import { crateCodeSchema } from './crate';
import { environmentCodeSchema } from './environment';
import { jsonCodeSchema } from './json';
import { licenseCodeSchema } from './licenses';
import { mlflowCodeSchema } from './mlflow';
import { packCodeSchema } from './pack';
import { registryCodeSchema } from './registry';
import { replayCodeSchema } from './replay';
import { teamCodeSchema } from './team';

export * from './approvals';
export * from './archive';
export * from './audit';
export * from './authorship';
export * from './bag';
export * from './crate';
export * from './environment';
export * from './json';
export * from './licenses';
export * from './mlflow';
export * from './pack';
export * from './registry';
export * from './replay';
export * from './team';

/**
 * Every `Problem['code']` by domain, in the order a bundle meets them. The strings are the CLI contract
 * (docs/cli.md "Problem codes" is printed from these; test/unit/docs/problem-codes-doc.test.ts keeps it so): add
 * freely, never rename.
 */
export const problemCodeDomains = {
  archive: archiveCodeSchema,
  bag: bagCodeSchema,
  json: jsonCodeSchema,
  crate: crateCodeSchema,
  environment: environmentCodeSchema,
  licenses: licenseCodeSchema,
  authorship: authorshipCodeSchema,
  replay: replayCodeSchema,
  pack: packCodeSchema,
  mlflow: mlflowCodeSchema,
  approvals: approvalCodeSchema,
  team: teamCodeSchema,
  audit: auditCodeSchema,
  registry: registryCodeSchema,
} as const;
export type ProblemCodeDomain = keyof typeof problemCodeDomains;

export const problemCodeSchema = z.enum([
  ...archiveCodeSchema.options,
  ...bagCodeSchema.options,
  ...jsonCodeSchema.options,
  ...crateCodeSchema.options,
  ...environmentCodeSchema.options,
  ...licenseCodeSchema.options,
  ...authorshipCodeSchema.options,
  ...replayCodeSchema.options,
  ...packCodeSchema.options,
  ...mlflowCodeSchema.options,
  ...approvalCodeSchema.options,
  ...teamCodeSchema.options,
  ...auditCodeSchema.options,
  ...registryCodeSchema.options,
]);
export type ProblemCode = z.infer<typeof problemCodeSchema>;

/** Whether a code is one of a domain's, narrowing it (e.g. `isCodeIn(jsonCodeSchema, p.code)`). */
export function isCodeIn<C extends string>(domain: { readonly options: readonly C[] }, code: string): code is C {
  return (domain.options as readonly string[]).includes(code);
}
