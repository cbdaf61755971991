// Reading bundle metadata at scale: the bounded parser against JSON.parse (the baseline), and the
// whole reader (parse + graph + checks + model) on synthetic crates with many file entities.
import { cpus } from 'node:os';
import { readBundleMetadata } from '../src-main/core/bundle/crate/read-metadata';
import { parseJsonSafely } from '../src-main/core/bundle/safe-json';

function syntheticCrate(files: number): { json: string; payload: { path: string; size: number; sha256: string }[] } {
  const sha = 'ab'.repeat(32);
  const graph: Record<string, unknown>[] = [
    {
      '@id': 'ro-crate-metadata.json',
      '@type': 'CreativeWork',
      conformsTo: { '@id': 'https://w3id.org/ro/crate/1.1' },
      about: { '@id': './' },
    },
    {
      '@id': './',
      '@type': 'Dataset',
      name: 'bench',
      description: 'synthetic',
      datePublished: '2025-01-01',
      license: { '@id': 'https://spdx.org/licenses/MIT' },
      conformsTo: { '@id': 'urn:provenance-desk:bundle:1' },
      mentions: { '@id': '#run' },
      hasPart: [] as unknown[],
    },
    {
      '@id': '#run',
      '@type': 'CreateAction',
      instrument: { '@id': '#app' },
      agent: { '@id': 'mailto:a@example.org' },
      object: [] as unknown[],
      result: [] as unknown[],
    },
    { '@id': '#app', '@type': 'SoftwareApplication', name: 'app', version: '1' },
  ];
  const payload = [];
  for (let i = 0; i < files; i++) {
    const id = `data/part ${i % 50}/file-${i}.csv`.replace(/ /g, '%20');
    graph.push({
      '@id': id,
      '@type': 'File',
      name: `file ${i}`,
      encodingFormat: 'text/csv',
      contentSize: '100',
      sha256: sha,
      license: { '@id': 'https://spdx.org/licenses/CC-BY-4.0' },
      conditionsOfAccess: 'internal',
    });
    (graph[1]!['hasPart'] as unknown[]).push({ '@id': id });
    if (i % 10 === 0) (graph[2]!['object'] as unknown[]).push({ '@id': id });
    payload.push({ path: `data/data/part ${i % 50}/file-${i}.csv`, size: 100, sha256: sha });
  }
  return {
    json: JSON.stringify(
      graph.length ? { '@context': 'https://w3id.org/ro/crate/1.1/context', '@graph': graph } : {},
      null,
      1,
    ),
    payload,
  };
}

function time(fn: () => void, reps: number): number {
  fn(); // warm up
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
}

console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, node ${process.version}`);
console.log(
  '| file entities | crate size | JSON.parse (baseline) | parseJsonSafely | ratio | readBundleMetadata | ratio to JSON.parse |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const n of [100, 2_000, 20_000]) {
  const { json, payload } = syntheticCrate(n);
  const reps = n >= 20_000 ? 3 : n >= 2_000 ? 10 : 50;
  const base = time(() => JSON.parse(json), reps);
  const safe = time(() => {
    if (!parseJsonSafely(json).ok) throw new Error('parse failed');
  }, reps);
  const full = time(() => {
    const m = readBundleMetadata({
      crateJson: json,
      replayJson: null,
      environmentJson: null,
      payload,
      weakHashes: false,
    });
    if (m.files.length !== n) throw new Error('wrong file count');
  }, reps);
  const mb = (json.length / 1e6).toFixed(2);
  console.log(
    `| ${n} | ${mb} MB | ${base.toFixed(2)} ms | ${safe.toFixed(2)} ms | ${(safe / base).toFixed(1)}x | ${full.toFixed(1)} ms | ${(full / base).toFixed(1)}x |`,
  );
}
