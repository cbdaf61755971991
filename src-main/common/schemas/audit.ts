import { z } from 'zod';
import { problemSchema } from '../problem';
import { chainOpenCheckSchema } from './chain-mark';

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256 digest');

/** One entry of the hash-chained audit log. `hash` covers every other field, `prevHash` included. */
export const auditEntrySchema = z.object({
  seq: z.number().int().positive(),
  time: z.string(), // ISO-8601 UTC as the writer's clock saw it; order follows seq, not time
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  details: z.record(z.string(), z.unknown()),
  prevHash: sha256HexSchema,
  hash: sha256HexSchema,
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
  actor: z.string().max(200).optional(),
  action: z.string().max(200).optional(),
  subject: z.string().max(500).optional(),
  text: z.string().max(500).optional(), // full-text search over details
  from: z.string().max(40).optional(), // ISO time, inclusive
  to: z.string().max(40).optional(), // ISO time, exclusive
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

// A listed entry adds the name of the bundle its subject is (a digest the store holds), for people to read.
export const listedAuditEntrySchema = auditEntrySchema.extend({ subjectName: z.string().nullable().optional() });
export type ListedAuditEntry = z.infer<typeof listedAuditEntrySchema>;

export const auditPageSchema = z.object({
  total: z.number().int(),
  entries: z.array(listedAuditEntrySchema),
});

/**
 * What the log holds to filter on: every distinct actor and action, sorted (issue 17: the filters are dropdowns of
 * these).
 */
export const auditFacetsSchema = z.object({ actors: z.array(z.string()), actions: z.array(z.string()) });
export type AuditFacets = z.infer<typeof auditFacetsSchema>;
export type AuditPage = z.infer<typeof auditPageSchema>;

/**
 * One kept checkpoint against the store now: it holds when entry #entries is there with its head and the chain below
 * verifies.
 */
export const checkpointStatusSchema = z.object({
  id: z.number().int(),
  entries: z.number().int(),
  holds: z.boolean(),
  problem: problemSchema.nullable(),
});
export type CheckpointStatus = z.infer<typeof checkpointStatusSchema>;

export const chainReportSchema = z.object({
  valid: z.boolean(),
  entries: z.number().int(),
  firstBadSeq: z.number().int().nullable(),
  head: z.string().nullable(),
  problems: z.array(problemSchema),
  warnings: z.array(problemSchema),
  // The store's chain against every kept (imported) checkpoint; absent for an exported log.
  checkpoints: z
    .object({
      checked: z.number().int(),
      holding: z.number().int(),
      // the kept one covering most entries
      latest: z.object({ entries: z.number().int(), time: z.string(), keyId: z.string() }).nullable(),
      results: z.array(checkpointStatusSchema),
    })
    .optional(),
  // The store's verified-through mark checked as on open (absent for an exported log); its problems are in `problems`
  // too.
  mark: chainOpenCheckSchema.optional(),
  // `audit verify --registry`: this store's checkpoints found in a registry repository; their problems are in
  // `problems`.
  registry: z.object({ repository: z.string(), checked: z.number().int(), holding: z.number().int() }).optional(),
});
export type ChainReport = z.infer<typeof chainReportSchema>;

/** A signed statement of the log's head at export time; later detects a cut tail. */
export const checkpointSchema = z.object({
  type: z.literal('urn:provenance-desk:audit-checkpoint:1'),
  storeId: z.string(),
  entries: z.number().int().min(0),
  head: z.string(),
  time: z.string(),
  keyId: z.string(),
  publicKey: z.string(), // SPKI DER, base64
  signature: z.string(), // Ed25519 over the canonical JSON of the fields above, base64
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

/** A checkpoint imported into the store (audit:importCheckpoint), kept so every later verify checks against it. */
export const keptCheckpointSchema = z.object({
  id: z.number().int(),
  checkpoint: checkpointSchema,
  sha256: sha256HexSchema, // of the checkpoint's canonical JSON: its identity for duplicates
  signer: z.string(), // 'this store's key' or the team member holding the key
  importedAt: z.string(),
  importedBy: z.string(),
  auditSeq: z.number().int(),
});
export type KeptCheckpoint = z.infer<typeof keptCheckpointSchema>;

export const checkpointImportResultSchema = z.object({
  imported: z.boolean(),
  kept: keptCheckpointSchema.nullable(), // the new one, or the one already kept for a duplicate
  status: checkpointStatusSchema.nullable(), // the store against it, when it could be checked
  problems: z.array(problemSchema),
});
export type CheckpointImportResult = z.infer<typeof checkpointImportResultSchema>;

export const auditExportRequestSchema = z
  .object({
    format: z.enum(['jsonl', 'csv']),
    // the store key's (a new one on first export) where no keychain holds it
    passphrase: z.string().max(1000).optional(),
  })
  .strict();
export const auditExportResponseSchema = z.object({
  fileName: z.string(),
  content: z.string(), // the whole log text
  checkpoint: checkpointSchema, // downloaded beside it as <fileName>.checkpoint.json
  entries: z.number().int(),
  head: z.string().nullable(),
});
// A pasted or chosen file's text, or the parsed object; the core parses text with a size limit.
export const checkpointImportRequestSchema = z
  .object({ checkpoint: z.union([z.string().max(256 * 1024), z.record(z.string(), z.unknown())]) })
  .strict();
