import { z } from 'zod';
import { authorshipReportSchema } from './authorship';
import { auditEntrySchema } from './audit';
import { accessClassSchema, bundleSummarySchema, fileRoleSchema, scalarSchema } from './bundle';
import { environmentDifferenceSchema, metricJudgementSchema, replaySummarySchema, replayVerdictSchema } from './replay';
import { licenseStatusSchema, licenseVerdictSchema } from './licenses';
import { approvalStateSchema, decisionSchema } from './governance';

/**
 * A replication report (issue 7): what a reviewer attaches to a paper or a release, gathered from the store
 * for one bundle and one of its replays. Every string that came from the bundle is kept as written; the HTML
 * renderer escapes it.
 */

const digest = z.string().regex(/^[0-9a-f]{64}$/, 'a bundle digest (64 lowercase hex characters)');

export const reportVerdictSchema = z.union([replayVerdictSchema, z.literal('not-replayed')]);
export type ReportVerdict = z.infer<typeof reportVerdictSchema>;

export const replicationReportSchema = z.object({
  generatedAt: z.string(),
  generatedBy: z.string(),
  appVersion: z.string(),
  verdict: reportVerdictSchema,
  bundle: bundleSummarySchema
    .pick({ name: true, author: true, importedAt: true, status: true, completeness: true, files: true, bytes: true })
    .extend({ digest, license: z.string().nullable(), authorship: authorshipReportSchema }),
  // The bundle format keeps the hypothesis in the run's description (CreateAction.description, BUNDLE-FORMAT.md).
  hypothesis: z.object({
    text: z.string().nullable(),
    source: z.enum(['run', 'crate', 'none']), // run: the run's description; crate: the root dataset's description
    description: z.string().nullable(), // the crate's description when it differs from the hypothesis
  }),
  run: z
    .object({
      id: z.string(),
      name: z.string().nullable(),
      startTime: z.string().nullable(),
      endTime: z.string().nullable(),
      agent: z.string().nullable(),
    })
    .nullable(),
  datasets: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable(),
      version: z.string().nullable(),
      sha256: z.string().nullable(),
      url: z.string().nullable(),
      license: z.string().nullable(),
      access: accessClassSchema,
    }),
  ),
  parameters: z.array(z.object({ name: z.string(), value: scalarSchema })),
  reportedMetrics: z.array(z.object({ name: z.string(), value: z.number() })), // as the bundle recorded them
  replay: replaySummarySchema
    .pick({
      id: true,
      startedAt: true,
      finishedAt: true,
      actor: true,
      verdict: true,
      reason: true,
      outputSha256: true,
      batchSize: true,
    })
    .extend({
      durationMs: z.number(),
      metrics: z.array(metricJudgementSchema),
      predictions: z.object({ rows: z.number().int(), disagreements: z.number().int() }).nullable(),
      environment: z.object({
        recorded: z.array(z.object({ name: z.string(), value: z.string() })),
        local: z.array(z.object({ name: z.string(), value: z.string() })),
        differences: z.array(environmentDifferenceSchema),
      }),
    })
    .nullable(), // null: never replayed
  replays: z.number().int(), // how many replays the store holds for the bundle
  licenses: z
    .object({
      verdict: licenseVerdictSchema,
      policyVersion: z.number().int(),
      policyHash: z.string(),
      evaluatedAt: z.string(),
      artifacts: z.array(
        z.object({
          path: z.string(),
          role: fileRoleSchema,
          expression: z.string().nullable(),
          inherited: z.boolean(),
          status: licenseStatusSchema,
          reason: z.string(),
        }),
      ),
      findings: z.array(z.string()),
    })
    .nullable(), // null: not evaluated yet
  approvals: z.object({
    state: approvalStateSchema.nullable(), // null: could not be evaluated
    approvals: z.number().int(),
    quorum: z.number().int(),
    records: z.array(
      z.object({
        id: z.string(),
        decision: decisionSchema,
        reason: z.string(),
        approver: z.object({ name: z.string(), email: z.string(), keyId: z.string() }),
        signatureKeyIds: z.array(z.string()), // as the DSSE envelope names them
        signatureValid: z.boolean(), // verified against the team's keys (or the local identity) now
        signatureProblems: z.array(z.string()),
        holds: z.boolean(),
        replayId: z.string().nullable(),
        decidedAt: z.string(),
        auditSeq: z.number().int().nullable(),
        envelopeSha256: z.string(),
      }),
    ),
  }),
  audit: z.object({
    entries: z.array(auditEntrySchema), // oldest first
    total: z.number().int(), // entries about the bundle; more than entries.length when capped
    chain: z.object({ valid: z.boolean(), entries: z.number().int(), head: z.string().nullable() }),
  }),
});
export type ReplicationReport = z.infer<typeof replicationReportSchema>;

export const reportRequestSchema = z.object({ digest, replayId: z.string().min(1).max(100).optional() }).strict();
export const reportResponseSchema = z.object({ fileName: z.string(), html: z.string() });
export const reportPdfResponseSchema = z.object({ path: z.string().nullable() });
