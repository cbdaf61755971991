import { z } from 'zod';
import { replayVerdictSchema } from './replay';
import { inboxItemSchema } from './governance';
import { driftAlertSchema } from './compare';
import { replicationStateSchema } from './bundle';

export { replicationStateSchema, type ReplicationState } from './bundle';

/** One period of the success-rate series: replays started in it and how many reproduced. */
export const ratePointSchema = z.object({
  period: z.string(), // the period's first day, YYYY-MM-DD (UTC)
  replays: z.number().int(), // replays that ran
  reproduced: z.number().int(),
  failed: z.number().int(), // replays that could not run: beside the rate, not in it
  rate: z.number(), // reproduced / replays, 0..1
});
export type RatePoint = z.infer<typeof ratePointSchema>;

export const resourcePointSchema = z.object({
  replayId: z.string(),
  bundleDigest: z.string(),
  name: z.string(),
  startedAt: z.string(),
  verdict: replayVerdictSchema,
  durationMs: z.number().int(),
  cpuMs: z.number().int(),
  peakRssBytes: z.number().int(),
});
export type ResourcePoint = z.infer<typeof resourcePointSchema>;

const percentiles = z.object({ median: z.number(), p95: z.number(), max: z.number() });

export const dashboardSchema = z.object({
  generatedAt: z.string(),
  totals: z.object({ bundles: z.number().int(), replays: z.number().int(), auditEntries: z.number().int() }),
  replications: z.record(replicationStateSchema, z.number().int()),
  successRate: z.object({
    granularity: z.enum(['day', 'week']),
    points: z.array(ratePointSchema),
    failed: z.number().int(), // replays that could not run in the periods shown (and periods where none ran)
  }),
  resources: z.object({
    recent: z.array(resourcePointSchema), // the latest replays, oldest first (for a chart over time)
    durationMs: percentiles.nullable(),
    cpuMs: percentiles.nullable(),
    peakRssBytes: percentiles.nullable(),
  }),
  approvals: z.object({
    identity: z.object({ name: z.string(), email: z.string(), keyId: z.string() }).nullable(),
    waiting: z.number().int(),
    ownerRequired: z.number().int(),
    items: z.array(inboxItemSchema), // the newest few
  }),
  licenses: z.object({
    denied: z.number().int(), // bundles whose verdict under the current policy is denied
    needsReview: z.number().int(),
    expiringGrants: z.array(
      z.object({ id: z.string(), grantee: z.string(), datasetPath: z.string(), expiresAt: z.string() }),
    ),
    refusedAccess: z.number().int(), // access refused in the last 30 days
    overrides: z.number().int(), // access let through by an audited override in the last 30 days
  }),
  drift: z.object({
    open: z.number().int(), // alerts on bundles not replayed since the alert
    total: z.number().int(),
    latest: z.array(driftAlertSchema.extend({ name: z.string() })), // the newest open ones
  }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
