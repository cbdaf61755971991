// The Licenses & Access table over a large store: listLicenses pages (with the per-row grant and last-access
// lookups) against a raw page of license_artifacts (the SQL floor), and re-evaluating every bundle after a
// policy change against evaluateBundleLicenses alone (the same work without the database writes).
import { cpus } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BundleFile, BundleMetadata } from '../src-main/common/schemas/bundle';
import { openStore } from '../src-main/core/store/store';
import { listLicenses } from '../src-main/core/governance/license-queries';
import { recordLicenseEvaluation, reevaluateAllBundles } from '../src-main/core/governance/license-evaluations';
import { ensurePolicy } from '../src-main/core/governance/policy-store';
import { evaluateBundleLicenses } from '../src-main/core/licenses/evaluate-bundle';
import { defaultLicensePolicy } from '../src-main/core/licenses/policy';

const BUNDLES = 2_000;
const FILES = 50; // 100,000 artifacts
const LICENSES = ['MIT', 'Apache-2.0', 'CC-BY-NC-4.0', 'GPL-3.0-only', 'Apache 2', 'BSD-3-Clause'];
const CLASSES = ['public', 'internal', 'restricted', 'confidential', 'unclassified'] as const;
const hex = (n: number, w = 64) => n.toString(16).padStart(w, '0');

function meta(b: number): BundleMetadata {
  const files: BundleFile[] = Array.from({ length: FILES }, (_, i) => ({
    path: `data/part-${i}.csv`,
    sha256: hex(b * FILES + i),
    size: 1,
    role: i === 0 ? 'model' : i % 3 === 0 ? 'code' : 'data',
    license: LICENSES[(b + i) % LICENSES.length]!,
    licenseInherited: false,
    access: CLASSES[i % CLASSES.length]!,
    accessRaw: null,
    encodingFormat: null,
    name: null,
  }));
  return {
    name: `bundle ${b}`,
    description: null,
    datePublished: null,
    license: 'MIT',
    conformsTo: [],
    crateVersion: '1.1',
    author: null,
    people: [],
    run: null,
    files,
    modules: [],
    pipeline: null,
    datasets: [],
    environment: null,
    replay: null,
    completeness: { level: 'green', score: 1, checks: [] },
    problems: [],
  };
}

function time(fn: () => void, reps: number): number {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-bench-lic-'));
const store = await openStore(dir, { snapshotOnClose: false, snapshotJournalBytes: 1024 ** 3 });
try {
  const metas = Array.from({ length: BUNDLES }, (_, b) => meta(b));
  store.transaction((tx) => {
    const policy = ensurePolicy(tx, 'bench');
    metas.forEach((m, b) => {
      tx.run(
        `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
         VALUES (?, ?, NULL, '2026-01-01T00:00:00.000Z', 'bench', 'x.zip', 'verified', 'green', ?, 1, '{}', ?)`,
        [hex(b), m.name, FILES, JSON.stringify(m)],
      );
      recordLicenseEvaluation(tx, hex(b), m, policy);
    });
    for (let g = 0; g < 500; g++) {
      tx.run(
        `INSERT INTO access_grants (id, grantee, dataset_sha256, dataset_path, agreement, granted_at, granted_by) VALUES (?, 'kim', ?, 'p', 'DUA', 't', 'bench')`,
        [`g${g}`, hex(g * 7)],
      );
    }
    for (let e = 0; e < 20_000; e++) {
      tx.run(
        `INSERT INTO access_events (time, actor, digest, dataset_path, classification, purpose, outcome, reason) VALUES (?, 'kim', ?, ?, 'restricted', 'replay', 'granted', 'r')`,
        [`2026-02-01T00:00:${String(e % 60).padStart(2, '0')}.000Z`, hex(e % BUNDLES), `data/part-${e % FILES}.csv`],
      );
    }
  });
  const now = new Date('2026-03-01T00:00:00Z');
  const page = { offset: 0, limit: 500 };
  const reps = 5;
  const raw = time(() => store.all('SELECT * FROM license_artifacts LIMIT 500'), reps);
  const rows: [string, number][] = [
    ['first page, no filter', time(() => listLicenses(store, page, now), reps)],
    ['first page, status = denied', time(() => listLicenses(store, { ...page, status: 'denied' }, now), reps)],
    [
      'first page, classification = restricted',
      time(() => listLicenses(store, { ...page, classification: 'restricted' }, now), reps),
    ],
    ['first page, text "gpl"', time(() => listLicenses(store, { ...page, text: 'gpl' }, now), reps)],
    [
      'last page (offset 99,500)',
      time(() => listLicenses(store, { offset: BUNDLES * FILES - 500, limit: 500 }, now), reps),
    ],
  ];
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, node ${process.version}; ${BUNDLES} bundles x ${FILES} artifacts, 500 grants, 20,000 access events`,
  );
  console.log('| licenses:list (500 rows) | ms | ratio to raw page |');
  console.log('| --- | ---: | ---: |');
  console.log(`| raw SELECT of 500 license_artifacts (baseline) | ${raw.toFixed(2)} | 1.0 |`);
  for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(2)} | ${(ms / raw).toFixed(1)} |`);

  const evalOnly = time(
    () => metas.forEach((m) => evaluateBundleLicenses(m, { ...defaultLicensePolicy, intendedUse: 'research' })),
    1,
  );
  const t0 = performance.now();
  store.transaction((tx) =>
    reevaluateAllBundles(
      tx,
      { ...ensurePolicy(tx, 'bench'), policy: { ...defaultLicensePolicy, intendedUse: 'research' } },
      'bench',
    ),
  );
  const reeval = performance.now() - t0;
  console.log('');
  console.log(`| re-evaluate ${BUNDLES} bundles (${BUNDLES * FILES} artifacts) | ms | ratio to evaluation alone |`);
  console.log('| --- | ---: | ---: |');
  console.log(`| evaluateBundleLicenses for each bundle, no writes (baseline) | ${evalOnly.toFixed(0)} | 1.0 |`);
  console.log(
    `| reevaluateAllBundles in one transaction (changed rows written, journaled) | ${reeval.toFixed(0)} | ${(reeval / evalOnly).toFixed(1)} |`,
  );
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
