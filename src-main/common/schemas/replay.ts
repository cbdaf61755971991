import { z } from 'zod';
import { environmentSchema } from './bundle';

/**
 * A replay's outcome as the engine gives it (src-main/core/replay/run-replay.ts ReplayOutcome; its JSON is
 * CLI.md's `replay` document plus `resources`) and the stored history rows around it. Numbers a replay could
 * not compute are null: stored outcomes pass through JSON, where NaN and infinities become null.
 */

export const replayVerdictSchema = z.enum(['reproduced', 'not-reproduced', 'failed']);
export type ReplayVerdictName = z.infer<typeof replayVerdictSchema>;

export const metricJudgementSchema = z.object({
  name: z.string(),
  reported: z.number().nullable(),
  replayed: z.number().nullable(),
  delta: z.number().nullable(), // replayed - reported
  tolerance: z.object({ abs: z.number(), rel: z.number() }),
  pass: z.boolean(),
  reason: z.string().optional(), // why it failed; absent when it passed
});
export type MetricJudgementView = z.infer<typeof metricJudgementSchema>;

export const localEnvironmentSchema = z.object({
  os: z.string(),
  arch: z.string(),
  cpu: z.string(),
  cores: z.number().int(),
  runtime: z.object({ name: z.literal('node'), version: z.string() }),
  packages: z.record(z.string(), z.string()),
  appVersion: z.string(),
});

export const environmentDifferenceSchema = z.object({
  name: z.string(),
  recorded: z.string().nullable(),
  local: z.string().nullable(),
});

/** A row where the replay disagrees with the recorded prediction (`row` counts data rows from 1). */
const cellSchema = z.union([z.string(), z.number()]).nullable();
export const disagreementRowSchema = z.object({
  row: z.number().int(),
  recorded: cellSchema,
  replayed: cellSchema,
  label: cellSchema,
});
export type DisagreementRowView = z.infer<typeof disagreementRowSchema>;

/** What the result page draws (core/replay/diagnostics.ts computes it; the renderer only draws). */
export const replayDiagnosticsSchema = z.object({
  classification: z
    .object({
      classes: z.array(z.string()),
      confusion: z.array(z.array(z.number().int())).nullable(), // [actual][predicted]; null above 50 classes
      perClass: z.array(
        z.object({
          label: z.string(),
          precision: z.number().nullable(),
          recall: z.number().nullable(),
          support: z.number().int(),
        }),
      ),
    })
    .nullable(),
  regression: z
    .object({
      // at most 2,000, spread evenly over the rows
      points: z.array(z.object({ actual: z.number(), predicted: z.number() })),
      finiteRows: z.number().int(),
      residuals: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })), // predicted - actual
    })
    .nullable(),
  disagreements: z.array(disagreementRowSchema), // the first 50
});
export type ReplayDiagnosticsView = z.infer<typeof replayDiagnosticsSchema>;

export const replayOutcomeSchema = z.object({
  verdict: replayVerdictSchema,
  reason: z.string(),
  metrics: z.array(metricJudgementSchema),
  predictions: z.object({ rows: z.number().int(), disagreements: z.number().int() }).nullable(),
  outputSha256: z.string().nullable(),
  environment: z.object({
    recorded: environmentSchema.nullable(),
    local: localEnvironmentSchema,
    differences: z.array(environmentDifferenceSchema),
  }),
  durationMs: z.number(),
  resources: z.object({ cpuMs: z.number(), peakRssBytes: z.number() }),
  // absent for failed and tensor replays, and in replays stored before it existed
  diagnostics: replayDiagnosticsSchema.optional(),
});
export type ReplayOutcomeView = z.infer<typeof replayOutcomeSchema>;

/** One row of a bundle's replay history (`replay:list`), newest first. */
export const replaySummarySchema = z.object({
  id: z.string(),
  bundleDigest: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  actor: z.string(),
  verdict: replayVerdictSchema,
  reason: z.string(),
  outputSha256: z.string().nullable(),
  durationMs: z.number().int(),
  cpuMs: z.number().int(),
  peakRssBytes: z.number().int(),
  batchSize: z.number().int().nullable(), // null: the batch size replay.json declares
});
export type ReplaySummary = z.infer<typeof replaySummarySchema>;

/** A stored replay in full (`replay:get`): its summary and the whole outcome. */
export const replayRecordSchema = replaySummarySchema.extend({ outcome: replayOutcomeSchema });
export type ReplayRecord = z.infer<typeof replayRecordSchema>;

/** Progress of a running replay: rows (or tensor cases) done; the total is not known before the data is read. */
export const replayProgressSchema = z.object({
  stage: z.enum(['queued', 'running', 'done']),
  rowsDone: z.number().int(),
  rowsPerSec: z.number(),
  elapsedMs: z.number(),
});
export type ReplayProgress = z.infer<typeof replayProgressSchema>;
