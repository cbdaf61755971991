import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AccessClass, BundleFile, BundleMetadata, Dataset, FileRole } from '../../../../src-main/common/schemas/bundle';
import { openStore, type Store } from '../../../../src-main/core/store/store';
import { evaluateImportedBundle } from '../../../../src-main/core/governance/license-evaluations';

/** A store in a temp folder whose clock the test moves. */
export async function clockedStore(start = '2026-03-01T09:00:00.000Z'): Promise<{ store: Store; clock: { now: Date }; dispose(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-gov-'));
  const clock = { now: new Date(start) };
  const store = await openStore(dir, { now: () => clock.now });
  return {
    store,
    clock,
    dispose() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const sha = (c: string) => c.repeat(64).slice(0, 64);

export function file(p: string, role: FileRole, license: string | null, access: AccessClass = 'unclassified', sha256: string | null = sha(p[0] ?? 'f')): BundleFile {
  return { path: p, role, license, licenseInherited: false, sha256, size: 10, access, accessRaw: access === 'unclassified' ? null : access, encodingFormat: null, name: null };
}

export function dataset(id: string, license: string | null, access: AccessClass, sha256: string | null): Dataset {
  return { id, name: id, version: null, url: null, license, access, sha256 };
}

export function metadata(parts: { name?: string; license?: string | null; files?: BundleFile[]; datasets?: Dataset[] }): BundleMetadata {
  return {
    name: parts.name ?? 'test bundle',
    description: null,
    datePublished: null,
    license: parts.license ?? null,
    conformsTo: [],
    crateVersion: '1.1',
    author: null,
    people: [],
    run: null,
    files: parts.files ?? [],
    modules: [],
    pipeline: null,
    datasets: parts.datasets ?? [],
    environment: null,
    replay: null,
    completeness: { level: 'green', score: 1, checks: [] },
    problems: [],
  };
}

/** Records a bundle as import does (row, then its license evaluation), without bytes in the blob store. */
export function storeBundle(store: Store, digest: string, meta: BundleMetadata, actor = 'dana'): void {
  store.transaction((tx) => {
    tx.run(
      `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
       VALUES (?, ?, NULL, ?, ?, 'x.zip', 'verified', 'green', ?, 10, '{}', ?)`,
      [digest, meta.name ?? 'unnamed', tx.now().toISOString(), actor, meta.files.length, JSON.stringify(meta)],
    );
    evaluateImportedBundle(tx, digest, meta, actor);
  });
}

export function auditActions(store: Store): string[] {
  return store.all<{ action: string }>('SELECT action FROM audit_log ORDER BY seq').map((r) => r.action);
}
