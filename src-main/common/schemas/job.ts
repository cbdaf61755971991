import { z } from 'zod';
import { appErrorSchema } from '../result';
import { importResultSchema } from './bundle';
import { replayOutcomeSchema, replayProgressSchema } from './replay';
import { syncProgressSchema, syncResultSchema } from './registry';

/** Long work (import, replay) runs as a job the UI polls; both transports can carry it. */
export const progressSchema = z.object({
  stage: z.string(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  filesDone: z.number().int(),
  filesTotal: z.number().int(),
  rateBytesPerSec: z.number(),
  etaMs: z.number().nullable(),
});
export type Progress = z.infer<typeof progressSchema>;

export const jobStateSchema = z.enum(['running', 'done', 'failed', 'cancelled']);

export const importJobSchema = z.object({
  id: z.string(),
  kind: z.literal('import'),
  label: z.string(),
  state: jobStateSchema,
  progress: progressSchema,
  result: importResultSchema.nullable(),
  error: appErrorSchema.nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

/** A replay of a stored bundle; `result` is the outcome once done, `replayId` the history row it was kept as. */
export const replayJobSchema = z.object({
  id: z.string(),
  kind: z.literal('replay'),
  label: z.string(),
  bundleDigest: z.string(),
  state: jobStateSchema,
  progress: replayProgressSchema,
  replayId: z.string().nullable(),
  result: replayOutcomeSchema.nullable(),
  error: appErrorSchema.nullable(),
});
export type ReplayJob = z.infer<typeof replayJobSchema>;

/** A team registry sync (issue 15): its steps as they go; a cancelled one's error says how far it got. */
export const syncJobSchema = z.object({
  id: z.string(),
  kind: z.literal('sync'),
  label: z.string(),
  state: jobStateSchema,
  progress: syncProgressSchema,
  result: syncResultSchema.nullable(),
  error: appErrorSchema.nullable(),
});
export type SyncJob = z.infer<typeof syncJobSchema>;

export const jobSchema = z.discriminatedUnion('kind', [importJobSchema, replayJobSchema, syncJobSchema]);
export type Job = z.infer<typeof jobSchema>;
