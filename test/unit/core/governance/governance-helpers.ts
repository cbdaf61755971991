import { mkdtempSync, rmSync } from 'node:fs';
import { onTestFinished } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import type {
  AccessClass,
  BundleFile,
  BundleMetadata,
  Dataset,
  FileRole,
  Module,
} from '../../../../src-main/common/schemas/bundle';
import { openStore, type Store } from '../../../../src-main/core/store/store';
import { evaluateImportedBundle } from '../../../../src-main/core/governance/license-evaluations';
import { scryptKeyProtector } from '../../../../src-main/core/keys/key-protector';
import { dispatch, type Handlers } from '../../../../src-main/core/services/dispatch';
import { governanceHandlers } from '../../../../src-main/core/services/governance';

/** A store in a temp folder whose clock the test moves. */
export async function clockedStore(
  start = '2026-03-01T09:00:00.000Z',
): Promise<{ store: Store; clock: { now: Date }; dispose(): void }> {
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

export const TEST_PASSPHRASE = 'correct horse battery';

/**
 * A clocked store with the governance channels, called as the app calls them (as 'ravi'; a request without a
 * passphrase uses TEST_PASSPHRASE). `tick` moves the clock a minute. Disposed when the calling test finishes.
 */
export async function governanceStore(start?: string) {
  const s = await clockedStore(start);
  onTestFinished(s.dispose);
  const handlers = governanceHandlers(s.store, 'ravi', (p) =>
    scryptKeyProtector(p ?? TEST_PASSPHRASE),
  ) as unknown as Handlers;
  const call = async <T>(channel: string, request: unknown): Promise<T> => {
    const r = await dispatch(handlers, channel, request);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  const tick = () => (s.clock.now = new Date(s.clock.now.getTime() + 60_000));
  return { ...s, handlers, call, tick };
}

export const sha = (c: string) => c.repeat(64).slice(0, 64);

export function file(
  p: string,
  role: FileRole,
  license: string | null,
  access: AccessClass = 'unclassified',
  sha256: string | null = sha(p[0] ?? 'f'),
): BundleFile {
  return {
    path: p,
    role,
    license,
    licenseInherited: false,
    sha256,
    size: 10,
    access,
    accessRaw: access === 'unclassified' ? null : access,
    encodingFormat: null,
    name: null,
  };
}

export function dataset(id: string, license: string | null, access: AccessClass, sha256: string | null): Dataset {
  return { id, name: id, version: null, url: null, license, access, sha256 };
}

/** A bundle's metadata with only the given parts set. */
export function metadata(parts: {
  name?: string;
  license?: string | null;
  files?: BundleFile[];
  modules?: Module[];
  datasets?: Dataset[];
}): BundleMetadata {
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
    modules: parts.modules ?? [],
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

export function runMeta(
  name: string,
  author: string,
  modules: [string, string][],
  pipeline = 'iris pipeline',
): BundleMetadata {
  return {
    ...metadata({
      name,
      license: 'MIT',
      files: [file('data/model/model.onnx', 'model', 'MIT', 'unclassified', sha('m'))],
    }),
    author: { id: `mailto:${author}`, name: author, email: author },
    modules: modules.map(([n, v]) => ({
      id: `#module-${n}`,
      name: n,
      version: v,
      codeRepository: null,
      identifier: null,
      license: 'MIT',
      files: [],
    })),
    pipeline: { name: pipeline, version: '1', modules: modules.map(([n]) => `#module-${n}`), requirements: [] },
  };
}

export function addBundle(store: Store, digest: string, meta: BundleMetadata): void {
  storeBundle(store, digest, meta);
  store.transaction((tx) =>
    tx.run('INSERT INTO bundle_files (digest, path, sha256, size) VALUES (?, ?, ?, 10)', [
      digest,
      'data/model/model.onnx',
      sha('m'),
    ]),
  );
}

/** A stored replay as replayStoredBundle keeps it. */
export function addReplay(
  store: Store,
  digest: string,
  verdict: 'reproduced' | 'not-reproduced' | 'failed',
  at: string,
  resources: { durationMs: number; cpuMs: number; peakRssBytes: number } = { durationMs: 5, cpuMs: 1, peakRssBytes: 1 },
): void {
  const pass = verdict === 'reproduced';
  const outcome = {
    verdict,
    reason: pass ? 'every metric within tolerance' : 'accuracy outside tolerance',
    metrics: [
      {
        name: 'accuracy',
        reported: 0.95,
        replayed: pass ? 0.95 : 0.9,
        delta: pass ? 0 : -0.05,
        tolerance: { abs: 0.001, rel: 0 },
        pass,
      },
    ],
    predictions: null,
    outputSha256: sha('o'),
    environment: {
      recorded: null,
      local: {
        os: 'linux',
        arch: 'x64',
        cpu: 'x',
        cores: 2,
        runtime: { name: 'node', version: '22' },
        packages: {},
        appVersion: '0.1.0',
      },
      differences: [],
    },
    durationMs: resources.durationMs,
    resources: { cpuMs: resources.cpuMs, peakRssBytes: resources.peakRssBytes },
  };
  store.transaction((tx) =>
    tx.run(
      `INSERT INTO replays (id, digest, started_at, finished_at, actor, verdict, reason, output_sha256, duration_ms, cpu_ms, peak_rss_bytes, batch_size, outcome_json) VALUES (?, ?, ?, ?, 'x', ?, ?, ?, ?, ?, ?, NULL, ?)`,
      [
        `replay-${digest.slice(0, 4)}-${at}`,
        digest,
        at,
        at,
        verdict,
        outcome.reason,
        sha('o'),
        resources.durationMs,
        resources.cpuMs,
        resources.peakRssBytes,
        JSON.stringify(outcome),
      ],
    ),
  );
}
