// The replication report at scale: gathering the model (bundle, replay, licenses, approvals, the bundle's audit
// entries, the whole chain verified) and rendering its HTML, for a bundle with many audit entries in a long log.
// Baselines in the same run: getBundle alone (reading the bundle) and verifyChain alone (the chain check).
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openStore } from '../src-main/core/store/store';
import { importBundle } from '../src-main/core/services/import-bundle';
import { getBundle } from '../src-main/core/services/bundle-queries';
import { appendAudit, verifyChain } from '../src-main/core/audit/audit-log';
import { gatherReplicationReport } from '../src-main/core/report/replication-report';
import { renderReportHtml } from '../src-main/core/report/report-html';

function time(fn: () => void, reps: number): number {
  fn(); // warm up
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
}

const sample = path.resolve('assets/samples/iris-logreg.bundle.zip');
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, load ${loadavg()[0]?.toFixed(1)}, node ${process.version}`,
);
console.log(
  '| log entries | about the bundle | getBundle (baseline) | verifyChain (baseline) | gather | render HTML | HTML size | gather+render / verifyChain |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [total, about] of [
  [10_000, 100],
  [10_000, 2_000],
  [50_000, 2_000],
] as const) {
  const dir = mkdtempSync(path.join(tmpdir(), 'provdesk-report-bench-'));
  const store = await openStore(path.join(dir, 'store'));
  try {
    const digest = (await importBundle(store, sample, { actor: 'bench' })).bundleDigest!;
    store.transaction((tx) => {
      for (let i = 0; i < total; i++) {
        const mine = i % Math.floor(total / about) === 0;
        appendAudit(tx, {
          actor: 'bench',
          action: mine ? 'bundle.open' : 'other.thing',
          subject: mine ? digest : `x/${i}`,
          details: { i, note: 'a line of details' },
        });
      }
    });
    const reps = 5;
    const base = time(() => getBundle(store, digest), reps);
    const chain = time(() => verifyChain(store), reps);
    let html = '';
    const gather = time(() => gatherReplicationReport(store, digest, { actor: 'bench', appVersion: '0' }), reps);
    const model = gatherReplicationReport(store, digest, { actor: 'bench', appVersion: '0' });
    const render = time(() => (html = renderReportHtml(model)), reps);
    const entries = store.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log')!.n;
    console.log(
      `| ${entries} | ${model.audit.entries.length} | ${base.toFixed(2)} ms | ${chain.toFixed(1)} ms | ${gather.toFixed(1)} ms | ${render.toFixed(1)} ms | ${(html.length / 1024).toFixed(0)} KiB | ${((gather + render) / chain).toFixed(2)}x |`,
    );
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
