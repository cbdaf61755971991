import { z } from 'zod';
import {
  auditExportRequestSchema,
  auditExportResponseSchema,
  auditFacetsSchema,
  auditPageSchema,
  auditQuerySchema,
  chainReportSchema,
  checkpointImportRequestSchema,
  checkpointImportResultSchema,
  keptCheckpointSchema,
} from './schemas/audit';
import { chainOpenCheckSchema } from './schemas/chain-mark';
import {
  pullResultSchema,
  pushResultSchema,
  registryListingSchema,
  registryListRequestSchema,
  registryPullRequestSchema,
  registryPushRequestSchema,
  registrySettingsSchema,
  registrySettingsSaveSchema,
  registryCaFileRequestSchema,
  registrySyncRequestSchema,
  syncResultSchema,
} from './schemas/registry';
import { keyProtectionSchema, storeKeyStatusSchema } from './schemas/key-protection';
import { bundleDetailSchema } from './schemas/bundle';
import { listedBundleSchema, runColumnKeySchema, runColumnsSchema, runFilterSchema } from './schemas/run-table';
import { importJobSchema, replayJobSchema, syncJobSchema } from './schemas/job';
import { replayRecordSchema, replaySummarySchema } from './schemas/replay';
import { modelCardSchema } from './schemas/model-card';
import {
  accessEventSchema,
  accessEventsRequestSchema,
  bundleLicensesSchema,
  complianceReportRequestSchema,
  complianceReportSchema,
  grantRequestSchema,
  grantSchema,
  grantStateSchema,
  licenseListRequestSchema,
  licenseListSchema,
  policySetRequestSchema,
  policySetResultSchema,
  storedPolicySchema,
} from './schemas/licenses';
import {
  approvalCheckSchema,
  attestationReportSchema,
  decideRequestSchema,
  decideResultSchema,
  governanceChannelSchemas as gov,
  identitySchema,
  importDecisionResultSchema,
  moduleEntrySchema,
} from './schemas/governance';
import {
  bundlePlanSchema,
  exportRequestSchema,
  exportResultSchema,
  mlflowPlanRequestSchema,
  mlflowWriteRequestSchema,
  packRequestSchema,
  packWriteRequestSchema,
  writtenBundleSchema,
} from './schemas/making';
import { compareReportSchema, driftAlertSchema } from './schemas/compare';
import { reportPdfResponseSchema, reportRequestSchema, reportResponseSchema } from './schemas/report';
import { dashboardSchema, replicationStateSchema } from './schemas/dashboard';
import {
  pathHandleSchema,
  pickBundleRequestSchema,
  pickedPathSchema,
  pickFileRequestSchema,
  pickFolderRequestSchema,
  saveFileRequestSchema,
} from './schemas/path-ref';

const empty = z.object({}).strict();
const digest = z.string().regex(/^[0-9a-f]{64}$/, 'a bundle digest (64 lowercase hex characters)');

export const appInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'preview']),
  storeDir: z.string(),
  schemaVersion: z.number().int(),
  bundles: z.number().int(),
  auditEntries: z.number().int(),
  recovery: z.object({ recovered: z.boolean(), detail: z.string() }).nullable(),
  sampleBundle: z.string().nullable(), // file name of the shipped sample, when present
  keyProtection: keyProtectionSchema, // how this host keeps new private keys, and why a passphrase is asked
  // the audit chain checked from its verified-through mark when the store opened
  chainOnOpen: chainOpenCheckSchema.nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/**
 * Every channel the renderer may call: name → request schema → response schema. The Electron main
 * side and the preview host both parse requests against this table; the preload exposes exactly these.
 */
export const contract = {
  'app:info': { request: empty, response: appInfoSchema },
  // The first screen once the store has content: replication states, success rate, resources, what waits, alerts.
  'dashboard:get': { request: empty, response: dashboardSchema },
  'audit:list': { request: auditQuerySchema, response: auditPageSchema },
  'audit:verify': { request: empty, response: chainReportSchema },
  // The distinct actors and actions the log holds: the audit screen's filters offer these (issue 17).
  'audit:facets': { request: empty, response: auditFacetsSchema },
  // The team registry (issue 15): Settings' registries, a repository's bundles, pull+import, publish, sync.
  'registry:settings': { request: empty, response: registrySettingsSchema },
  'registry:saveSettings': { request: registrySettingsSaveSchema, response: registrySettingsSchema },
  // The CA that signed a registry's certificate (a company CA): a file the user chose, checked, kept by path.
  'registry:setCaFile': { request: registryCaFileRequestSchema, response: registrySettingsSchema },
  'registry:list': { request: registryListRequestSchema, response: registryListingSchema },
  'registry:pull': { request: registryPullRequestSchema, response: pullResultSchema },
  'registry:push': { request: registryPushRequestSchema, response: pushResultSchema },
  'registry:sync': { request: registrySyncRequestSchema, response: syncResultSchema },
  // The same sync as a job the screen polls (its steps, a Cancel between requests); and a pull whose download and
  // import are an import job (polled with import:status, cancelled with import:cancel).
  'registry:syncStart': { request: registrySyncRequestSchema, response: z.object({ jobId: z.string() }) },
  'registry:syncStatus': { request: z.object({ jobId: z.string().max(100) }).strict(), response: syncJobSchema },
  'registry:syncCancel': {
    request: z.object({ jobId: z.string().max(100) }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  'registry:pullStart': { request: registryPullRequestSchema, response: z.object({ jobId: z.string() }) },
  // Export the log with a signed checkpoint of its head; import a checkpoint back so every verify checks against it.
  'audit:export': { request: auditExportRequestSchema, response: auditExportResponseSchema },
  // Whether an export asks a passphrase here (the store key's, or a new one) or the keychain holds the key.
  'audit:storeKey': { request: empty, response: storeKeyStatusSchema },
  'audit:checkpoints': { request: empty, response: z.object({ checkpoints: z.array(keptCheckpointSchema) }) },
  'audit:importCheckpoint': { request: checkpointImportRequestSchema, response: checkpointImportResultSchema },
  'bundles:list': {
    request: z
      .object({
        query: z.string().max(500).optional(),
        sort: z.enum(['importedAt', 'name', 'author', 'status', 'completeness', 'runStart']).default('importedAt'),
        // The run table (issue 17): a metric or parameter column to sort on (before `sort`, which then breaks ties;
        // runs without it last).
        sortKey: runColumnKeySchema.optional(),
        direction: z.enum(['asc', 'desc']).default('desc'),
        state: replicationStateSchema.optional(), // only bundles in this replication state (the dashboard's links)
        filters: z.array(runFilterSchema).max(20).optional(), // all must hold
        withRun: z.boolean().optional(), // each bundle's run (metrics, parameters, times) as `run`
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(20_000).default(500),
      })
      .strict(),
    response: z.object({ total: z.number().int(), bundles: z.array(listedBundleSchema) }),
  },
  'bundles:runColumns': { request: z.object({}).strict(), response: runColumnsSchema },
  'bundles:get': { request: z.object({ digest }).strict(), response: bundleDetailSchema },
  // The model card (issue 16): the bundle's ONNX file described and tried by this machine's runtime, before any replay;
  // null without a single model.
  'bundles:modelCard': { request: z.object({ digest }).strict(), response: modelCardSchema.nullable() },
  'import:start': {
    request: z
      .object({
        source: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('path'), path: z.union([z.string().min(1).max(4096), pathHandleSchema]) }),
          z.object({ kind: z.literal('sample') }),
        ]),
      })
      .strict(),
    response: z.object({ jobId: z.string() }),
  },
  'import:status': { request: z.object({ jobId: z.string().max(100) }).strict(), response: importJobSchema },
  // Native dialogs: Electron answers with a handle for the chosen path (the only way its path fields take a path);
  // the preview host has none and answers null (the page offers a file input or a text field).
  'dialog:pickBundle': { request: pickBundleRequestSchema, response: pickedPathSchema },
  'dialog:pickFolder': { request: pickFolderRequestSchema, response: pickedPathSchema },
  'dialog:pickFile': { request: pickFileRequestSchema, response: pickedPathSchema },
  'dialog:saveFile': { request: saveFileRequestSchema, response: pickedPathSchema },
  'import:cancel': {
    request: z.object({ jobId: z.string().max(100) }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  // Replay a stored bundle in its own process; the job is polled like an import and every replay is kept.
  'replay:start': {
    request: z
      .object({
        digest,
        batchSize: z.number().int().min(1).max(1_000_000).optional(),
        override: z.string().trim().min(1).max(2000).optional(),
      })
      .strict(),
    response: z.object({ jobId: z.string() }),
  },
  'replay:status': { request: z.object({ jobId: z.string().max(100) }).strict(), response: replayJobSchema },
  'replay:cancel': {
    request: z.object({ jobId: z.string().max(100) }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  'replay:list': {
    request: z
      .object({
        digest: digest.optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(10_000).default(200),
      })
      .strict(),
    response: z.object({ total: z.number().int(), replays: z.array(replaySummarySchema) }),
  },
  'replay:get': { request: z.object({ id: z.string().min(1).max(100) }).strict(), response: replayRecordSchema },
  // Licenses & Access: the team's license policy (versioned, audited), every artifact's verdict, grants and access
  // events.
  'policy:get': { request: empty, response: storedPolicySchema },
  'policy:set': { request: policySetRequestSchema, response: policySetResultSchema },
  'licenses:list': { request: licenseListRequestSchema, response: licenseListSchema },
  'licenses:bundle': { request: z.object({ digest }).strict(), response: bundleLicensesSchema },
  'access:grants': {
    request: z.object({ state: grantStateSchema.optional() }).strict(),
    response: z.object({ grants: z.array(grantSchema) }),
  },
  'access:grant': { request: grantRequestSchema, response: grantSchema },
  'access:revoke': {
    request: z
      .object({
        id: z.string().min(1).max(100),
        reason: z.string().trim().min(1, 'why the grant is revoked').max(2000),
      })
      .strict(),
    response: grantSchema,
  },
  'access:events': {
    request: accessEventsRequestSchema,
    response: z.object({ total: z.number().int(), events: z.array(accessEventSchema) }),
  },
  'compliance:report': { request: complianceReportRequestSchema, response: complianceReportSchema },
  // Governance: the signing identity, the team file, module owners, approvals (signed DSSE decisions) and their
  // verification.
  'identity:get': { request: empty, response: gov.identityGetResponse },
  'identity:create': { request: gov.identityCreateRequest, response: identitySchema },
  'team:get': { request: empty, response: gov.teamGetResponse },
  'team:import': { request: gov.teamImportRequest, response: gov.teamImportResponse },
  // A new signed version of the store's team, signed with the local identity (an admin); create makes version 1.
  'team:create': { request: gov.teamCreateRequest, response: gov.teamEditResponse },
  'team:addMember': { request: gov.teamAddMemberRequest, response: gov.teamEditResponse },
  'team:set': { request: gov.teamSetRequest, response: gov.teamEditResponse },
  'modules:list': { request: empty, response: gov.modulesListResponse },
  'modules:setOwners': { request: gov.modulesSetOwnersRequest, response: moduleEntrySchema },
  'approvals:inbox': { request: empty, response: gov.inboxResponse },
  'approvals:check': { request: gov.checkRequest, response: approvalCheckSchema },
  'approvals:decide': { request: decideRequestSchema, response: decideResultSchema },
  'approvals:list': { request: gov.listRequest, response: gov.listResponse },
  'approvals:import': { request: gov.importRequest, response: importDecisionResultSchema },
  'attestation:verify': { request: gov.verifyRequest, response: attestationReportSchema },
  // Compare and drift (issue 7): two stored bundles side by side; alerts raised at import.
  'compare:bundles': {
    request: z.object({ a: digest, b: digest, all: z.boolean().optional() }).strict(),
    response: compareReportSchema,
  },
  'drift:list': {
    request: z.object({ digest: digest.optional() }).strict(),
    response: z.object({ alerts: z.array(driftAlertSchema) }),
  },
  // A false alarm or a known change, closed with a reason (audited drift.dismiss; issue 17).
  'drift:dismiss': {
    request: z
      .object({
        id: z.number().int().positive(),
        reason: z.string().trim().min(1, 'say why this alert is dismissed').max(2000),
      })
      .strict(),
    response: z.object({ alert: driftAlertSchema }),
  },
  // Making bundles: preview what will be packed, then write; export a stored bundle (same digest as imported).
  'pack:plan': { request: packRequestSchema, response: bundlePlanSchema },
  // A run folder without provenance.yaml: the commented template written there (never over one), so New bundle can go
  // on (issue 17).
  'pack:init': { request: packRequestSchema, response: z.object({ file: z.string() }) },
  'pack:write': { request: packWriteRequestSchema, response: writtenBundleSchema },
  'mlflow:plan': { request: mlflowPlanRequestSchema, response: bundlePlanSchema },
  'mlflow:write': { request: mlflowWriteRequestSchema, response: writtenBundleSchema },
  'bundles:export': { request: exportRequestSchema, response: exportResultSchema },
  // Replication report (issue 7): one self-contained HTML document per bundle; Electron also prints it to PDF
  // (the preview host refuses 'report:pdf': the page prints the HTML itself).
  'report:bundle': { request: reportRequestSchema, response: reportResponseSchema },
  'report:pdf': { request: reportRequestSchema, response: reportPdfResponseSchema },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;

export const channels = Object.keys(contract) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
