import { z } from 'zod';
import type { ReadApi } from '../store-api';

/**
 * Reads of the approval facts of each bundle (bundle_approval_facts, written with the bundle: bundles-repo.ts):
 * the author's email and name, the pipeline and the module versions, kept in one small row per bundle so the
 * inbox, the dashboard and the module list read them over 10,000 bundles without each bundle's whole metadata.
 * A bundle without its row (none should be: every import writes it and migration 8 indexed the older ones) is
 * read from its metadata instead.
 */

/** What the approval rules and the module list read of a module: its name, repository and version. */
const moduleVersionsSchema = z
  .array(
    z.object({ name: z.string(), version: z.string().nullable(), codeRepository: z.string().nullable().optional() }),
  )
  .nullable()
  .transform((ms) =>
    (ms ?? []).map((m) => ({ name: m.name, repository: m.codeRepository ?? null, version: m.version })),
  );
export type FactsModuleVersion = z.output<typeof moduleVersionsSchema>[number];

const fact = (column: string, path: string) =>
  `CASE WHEN f.digest IS NULL THEN json_extract(b.metadata_json, '${path}') ELSE f.${column} END`;

const inboxCandidateSchema = z.object({
  digest: z.string(),
  name: z.string(),
  importedAt: z.string(),
  authorEmail: z.string().nullable(),
  authorName: z.string().nullable(),
  modulesJson: z.string().nullable(), // the module versions as JSON text: parsed (moduleVersionsOf) only where needed
  signerKey: z.string().nullable(), // the key of a valid authorship signature
});
export type InboxCandidateRow = z.infer<typeof inboxCandidateSchema>;

/**
 * Every bundle that could wait for approval (not invalid, metadata not refused), newest import first, with the
 * facts the inbox filters on. The flat columns are checked; the modules stay JSON text: most rows are dropped by
 * the caller (settled, decided, my own) and the rest need them only to count module ownership.
 */
export function inboxCandidateRows(db: ReadApi): InboxCandidateRow[] {
  return db
    .all<{
      digest: string;
      name: string;
      imported_at: string;
      author_email: string | null;
      author_name: string | null;
      modules: string | null;
      signer_key: string | null;
    }>(
      `SELECT b.digest, b.name, b.imported_at, ${fact('author_email', '$.author.email')} AS author_email, ${fact('author_name', '$.author.name')} AS author_name,
              ${fact('modules_json', '$.modules')} AS modules, CASE WHEN a.signature = 'valid' THEN a.key_id END AS signer_key
       FROM bundles b LEFT JOIN bundle_approval_facts f ON f.digest = b.digest LEFT JOIN bundle_authorship a ON a.digest = b.digest
       WHERE b.status <> 'invalid' AND b.metadata_state = 'ok' ORDER BY b.imported_at DESC`,
    )
    .map((r) =>
      inboxCandidateSchema.parse({
        digest: r.digest,
        name: r.name,
        importedAt: r.imported_at,
        authorEmail: r.author_email,
        authorName: r.author_name,
        modulesJson: r.modules,
        signerKey: r.signer_key,
      }),
    );
}

/** Parses the module versions of an inbox candidate row. */
export function moduleVersionsOf(modulesJson: string | null): FactsModuleVersion[] {
  return moduleVersionsSchema.parse(modulesJson ? JSON.parse(modulesJson) : null);
}

/** The module versions of the given bundles, from their facts rows. */
export function moduleVersionsByBundle(db: ReadApi, digests: string[]): Map<string, FactsModuleVersion[]> {
  if (digests.length === 0) return new Map();
  const rows = db.all<{ digest: string; modules: string | null }>(
    `SELECT b.digest, COALESCE(f.modules_json, json_extract(b.metadata_json, '$.modules')) AS modules
     FROM bundles b LEFT JOIN bundle_approval_facts f ON f.digest = b.digest WHERE b.digest IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(digests)],
  );
  return new Map(rows.map((r) => [r.digest, moduleVersionsOf(r.modules)]));
}

/** Every stored bundle's pipeline and module versions, in import order (the module list). */
export function bundleModuleUses(
  db: ReadApi,
): { digest: string; name: string; importedAt: string; pipeline: string | null; modules: FactsModuleVersion[] }[] {
  return db
    .all<{ digest: string; name: string; imported_at: string; pipeline: string | null; modules: string | null }>(
      `SELECT b.digest, b.name, b.imported_at, ${fact('pipeline', '$.pipeline.name')} AS pipeline, ${fact('modules_json', '$.modules')} AS modules
       FROM bundles b LEFT JOIN bundle_approval_facts f ON f.digest = b.digest ORDER BY b.imported_at, b.digest`,
    )
    .map((r) => ({
      digest: r.digest,
      name: r.name,
      importedAt: r.imported_at,
      pipeline: z.string().nullable().parse(r.pipeline),
      modules: moduleVersionsOf(r.modules),
    }));
}
