import { z } from 'zod';
import { bundleSummarySchema, scalarSchema } from './bundle';

/**
 * The run table (issue 17): the Bundles list with each bundle's run — key metrics and parameters as columns,
 * sorted and filtered by the core — like MLflow's and W&B's runs tables.
 */

export const runColumnKindSchema = z.enum(['metric', 'param']);
export type RunColumnKind = z.infer<typeof runColumnKindSchema>;

const columnName = z.string().trim().min(1, 'name the metric or parameter').max(200);

/** A metric or parameter column, by its name in the run (`run.metrics` / `run.parameters`). */
export const runColumnKeySchema = z.object({ kind: runColumnKindSchema, name: columnName }).strict();
export type RunColumnKey = z.infer<typeof runColumnKeySchema>;

export const runFilterOpSchema = z.enum(['=', '!=', '<', '<=', '>', '>=', 'contains']);
export type RunFilterOp = z.infer<typeof runFilterOpSchema>;

/**
 * Keeps the bundles whose run has this metric or parameter and whose value passes `op value` (numbers compare as
 * numbers).
 */
export const runFilterSchema = z
  .object({
    kind: runColumnKindSchema,
    name: columnName,
    op: runFilterOpSchema,
    value: z.union([z.string().max(500), z.number().finite()]),
  })
  .strict()
  .refine((f) => f.op === 'contains' || f.op === '=' || f.op === '!=' || typeof f.value === 'number', {
    message: 'a <, <=, > or >= filter compares with a number',
    path: ['value'],
  });
export type RunFilter = z.infer<typeof runFilterSchema>;

/** A bundle's run as the table shows it; null on a bundle whose metadata declares no run. */
export const runCellsSchema = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  metrics: z.record(z.string(), z.number()),
  params: z.record(z.string(), scalarSchema),
});
export type RunCells = z.infer<typeof runCellsSchema>;

/** A listed bundle; `run` only when the request asked `withRun`. */
export const listedBundleSchema = bundleSummarySchema.extend({ run: runCellsSchema.nullable().optional() });
export type ListedBundle = z.infer<typeof listedBundleSchema>;

/** The metric and parameter names the store's runs hold, most common first: what the column chooser offers. */
export const runColumnsSchema = z.object({
  metrics: z.array(z.object({ name: z.string(), bundles: z.number().int() })),
  params: z.array(z.object({ name: z.string(), bundles: z.number().int(), values: z.number().int() })),
});
export type RunColumns = z.infer<typeof runColumnsSchema>;
