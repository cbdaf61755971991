// Drift detection and compare at scale: the import transaction's extra step (detectDrift) against the bundle-row
// insert alone (baseline), and compare:bundles against reading the two bundles (getBundle twice, baseline).
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { BundleMetadata } from '../src-main/common/schemas/bundle';
import { openStore, type Store } from '../src-main/core/store/store';
import type { Tx } from '../src-main/core/store/store-api';
import { detectDrift } from '../src-main/core/drift/detect-drift';
import { indexBundleLineage } from '../src-main/core/drift/lineage-index';
import { compareStoredBundles } from '../src-main/core/services/compare-bundles';
import { getBundle } from '../src-main/core/services/bundle-queries';
import { insertBundle } from '../src-main/core/store/repos/bundles-repo';
import { irisLike } from '../test/unit/core/compare/compare-fixtures';

const hex = (i: number) => i.toString(16).padStart(64, '0');

function meta(i: number): BundleMetadata {
  return irisLike((m) => {
    m.name = `bundle ${i}`;
    m.datasets[0]!.name = `set-${i % 500}.csv`; // 500 data set names shared across bundles
    m.datasets[0]!.url = `https://data.example.org/${i % 500}`;
    m.datasets[0]!.sha256 = hex(i);
    m.files[0]!.sha256 = hex(i);
    m.pipeline!.name = `pipeline-${i % 50}`;
    m.environment!.packages = { numpy: `1.${i % 7}.0`, 'scikit-learn': '1.2.1' };
  });
}

function insertRow(tx: Tx, digest: string, m: BundleMetadata): void {
  const verification = {
    valid: true,
    complete: true,
    weak: false,
    bagitVersion: '1.0',
    bundleDigest: digest,
    files: 2,
    bytes: 20,
    algorithms: ['sha256'],
    problems: [],
    warnings: [],
  };
  insertBundle(tx, {
    digest,
    name: m.name ?? '',
    author: null,
    importedBy: 'bench',
    sourceName: 'x.zip',
    status: 'verified',
    completeness: 'green',
    verification,
    metadata: m,
    metadataState: 'ok',
  });
}

function timeEach(reps: number, fn: (i: number) => void): number {
  fn(-1);
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn(i);
  return (performance.now() - t0) / reps;
}

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`,
);
console.log(
  '| bundles held | import tx: row only (baseline) | row + detectDrift | ratio | alerts per import | getBundle x2 (baseline) | compare:bundles | ratio |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const n of [1_000, 10_000]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'provdesk-drift-bench-'));
  const store: Store = await openStore(dir, { snapshotOnClose: false });
  store.transaction((tx) => {
    for (let i = 0; i < n; i++) {
      const m = meta(i);
      insertRow(tx, hex(i), m);
      indexBundleLineage(tx, hex(i), m);
    }
  });
  // Interleaved, so a snapshot of the store's journal lands on both sides alike.
  const reps = 100;
  let next = n + 10;
  let base = 0;
  let withDrift = 0;
  let alerts = 0;
  for (let i = -5; i < reps; i++) {
    const d1 = hex(next++);
    const m1 = meta(next);
    const t0 = performance.now();
    store.transaction((tx) => insertRow(tx, d1, m1));
    const t1 = performance.now();
    const d2 = hex(next++);
    const m2 = meta(next);
    const found = store.transaction((tx) => {
      insertRow(tx, d2, m2);
      return detectDrift(tx, d2, m2, 'bench').length;
    });
    const t2 = performance.now();
    if (i < 0) continue; // warm-up
    base += (t1 - t0) / reps;
    withDrift += (t2 - t1) / reps;
    alerts += found / reps;
  }
  const read2 = timeEach(reps, (i) => {
    getBundle(store, hex(Math.abs(i) % n));
    getBundle(store, hex((Math.abs(i) + 1) % n));
  });
  const cmp = timeEach(reps, (i) => compareStoredBundles(store, hex(Math.abs(i) % n), hex((Math.abs(i) + 1) % n)));
  console.log(
    `| ${n} | ${base.toFixed(2)} ms | ${withDrift.toFixed(2)} ms | ${(withDrift / base).toFixed(2)}x | ${alerts.toFixed(1)} | ${read2.toFixed(2)} ms | ${cmp.toFixed(2)} ms | ${(cmp / read2).toFixed(1)}x |`,
  );
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
