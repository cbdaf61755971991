// The run table at 10,000 bundles (issue 17): bundles:list with each bundle's run (withRun), sorted on a metric and
// filtered on a parameter, against the plain list the Bundles screen loaded before (baseline). Core side, in Node.
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { BundleMetadata } from '../src-main/common/schemas/bundle';
import { openStore, type Store } from '../src-main/core/store/store';
import { listBundles, runColumns } from '../src-main/core/services/bundle-queries';
import { insertBundle } from '../src-main/core/store/repos/bundles-repo';
import { irisLike } from '../test/unit/core/compare/compare-fixtures';

const N = 10_000;
const hex = (i: number) => i.toString(16).padStart(64, '0');

function meta(i: number): BundleMetadata {
  return irisLike((m) => {
    m.name = `digits logistic regression ${i % 20}`; // same-named runs, as teams have them
    m.run = {
      id: `run-${i}`,
      name: m.name,
      hypothesis: null,
      startTime: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      endTime: new Date(Date.UTC(2026, 0, 1) + i * 60_000 + 90_000).toISOString(),
      agent: null,
      parameters: {
        C: [0.01, 0.1, 1, 10][i % 4]!,
        solver: i % 3 ? 'lbfgs' : 'saga',
        max_iter: 100 + (i % 5) * 100,
        seed: i % 10,
      },
      metrics: { accuracy: 0.8 + (i % 200) / 1000, macro_f1: 0.7 + (i % 300) / 1000, log_loss: 0.1 + (i % 97) / 100 },
    };
  });
}

const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time(fn: () => unknown, runs = 7): number {
  fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(ms(t0));
  }
  return median(out);
}

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`,
);
const dir = mkdtempSync(path.join(tmpdir(), 'provdesk-run-table-bench-'));
const store: Store = await openStore(dir, { snapshotOnClose: false });
store.transaction((tx) => {
  for (let i = 0; i < N; i++) {
    const m = meta(i);
    const verification = {
      valid: true,
      complete: true,
      weak: false,
      bagitVersion: '1.0',
      bundleDigest: hex(i),
      files: 2,
      bytes: 20,
      algorithms: ['sha256'],
      problems: [],
      warnings: [],
    };
    insertBundle(tx, {
      digest: hex(i),
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
});
const all = { offset: 0, limit: 20_000 } as const;
const rows: [string, number][] = [
  [
    'bundles:list, all 10,000, imported desc (baseline: the list before issue 17)',
    time(() => listBundles(store, { sort: 'importedAt', direction: 'desc', ...all })),
  ],
  [
    'bundles:list withRun (metrics, parameters, times)',
    time(() => listBundles(store, { sort: 'importedAt', direction: 'desc', withRun: true, ...all })),
  ],
  [
    '… sorted on the metric accuracy',
    time(() =>
      listBundles(store, {
        sort: 'importedAt',
        sortKey: { kind: 'metric', name: 'accuracy' },
        direction: 'desc',
        withRun: true,
        ...all,
      }),
    ),
  ],
  [
    '… filtered: accuracy >= 0.9 and solver = lbfgs',
    time(() =>
      listBundles(store, {
        sort: 'importedAt',
        direction: 'desc',
        withRun: true,
        filters: [
          { kind: 'metric', name: 'accuracy', op: '>=', value: 0.9 },
          { kind: 'param', name: 'solver', op: '=', value: 'lbfgs' },
        ],
        ...all,
      }),
    ),
  ],
  ['bundles:runColumns (metric and parameter names)', time(() => runColumns(store))],
];
const base = rows[0]![1];
console.log('| query at 10,000 bundles | median ms | ratio to baseline |');
console.log('| --- | ---: | ---: |');
for (const [label, t] of rows) console.log(`| ${label} | ${t.toFixed(0)} | ${(t / base).toFixed(1)} |`);
store.close?.();
rmSync(dir, { recursive: true, force: true });
