// Whole processes side by side (issue 16), with hyperfine: `provdesk replay` on a 200,000 × 64 csv bundle (a linear
// 3-class model, test/fixtures/replay/bench-linear64) against the script a user would otherwise run
// (bench/replay_pandas.py: pandas read_csv + numpy inference + scikit-learn metrics, Debian's python3 packages), and
// `provdesk --help` / `provdesk verify` on a small bag against a bare `node -e 0`. Peak memory from GNU time
// (the largest process of each tree) and, for provdesk, the replay worker's own peak from its JSON.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { replacePayloadFiles } from '../test/helpers/zip-edit';

const ROWS = Number(process.env.ROWS ?? 200_000);
const F = 64;
const RUNS = Number(process.env.RUNS ?? 5);
const ONLY_MAKE = process.env.ONLY_MAKE === '1'; // make the bundle and stop (KEEP=1 keeps it): for profiling
const root = process.cwd();
const cli = path.join(root, 'dist/node/provdesk.mjs');
const model = path.join(root, 'test/fixtures/replay/bench-linear64/model/model.onnx');
const sample = path.join(root, 'assets/samples/iris-logreg.bundle.zip');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'replay-vs-pandas-'));
const python = '/usr/bin/python3';

let seed = 20260701;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0), seed / 4294967296);

async function writeCsv(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(Array.from({ length: F }, (_, j) => `f${j}`).join(',') + ',label\n');
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: F }, () => (rnd() * 8 - 4).toFixed(5));
    row.push(String(Math.floor(rnd() * 3)));
    if (!out.write(row.join(',') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

const csv = path.join(tmp, 'test.csv');
await writeCsv(csv, ROWS);
const reported = JSON.parse(
  execFileSync(python, [path.join(root, 'bench/replay_pandas.py'), model, csv], { encoding: 'utf8' }),
) as Record<string, number>;
const bundle = path.join(tmp, 'linear64.bundle.zip');
await replacePayloadFiles(sample, bundle, (read) => {
  const crate = JSON.parse(read('data/ro-crate-metadata.json').toString('utf8')) as {
    '@graph': Record<string, unknown>[];
  };
  const metrics = Object.entries(reported).map(([name, value]) => ({
    '@id': `#metric-${name}`,
    '@type': 'PropertyValue',
    name,
    value,
  }));
  const graph = crate['@graph'].filter((e) => !String(e['@id']).startsWith('#metric-'));
  for (const e of graph) if (e['@id'] === '#run') e.result = metrics.map((m) => ({ '@id': m['@id'] }));
  crate['@graph'] = [...graph, ...metrics];
  const spec = {
    task: 'classification',
    model: 'model/model.onnx',
    outputKind: 'probabilities',
    batchSize: 256,
    data: { path: 'eval/test.csv', format: 'csv', label: 'label' },
    metrics: [
      { name: 'accuracy', tolerance: { abs: 1e-9 } },
      { name: 'log_loss', tolerance: { abs: 1e-6, rel: 1e-6 } },
    ],
  };
  return {
    'data/ro-crate-metadata.json': Buffer.from(JSON.stringify(crate, null, 2)),
    'data/replay.json': Buffer.from(JSON.stringify(spec, null, 2)),
    'data/model/model.onnx': readFileSync(model),
    'data/eval/test.csv': readFileSync(csv),
  };
});
if (ONLY_MAKE) {
  console.log(`made ${bundle} and ${csv}`);
  process.exit(0);
}
const store = path.join(tmp, 'no-store'); // never created: replay FILE runs without a store
const env = { ...process.env, PROVDESK_STORE: store };

const replayCmd = `node ${cli} replay ${bundle} --json`;
const pandasCmd = `${python} ${path.join(root, 'bench/replay_pandas.py')} ${model} ${csv}`;
const check = spawnSync('sh', ['-c', replayCmd], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
if (!check.stdout.trim()) throw new Error(`provdesk replay printed nothing (exit ${check.status}): ${check.stderr}`);
const outcome = JSON.parse(check.stdout) as {
  verdict: string;
  resources: { peakRssBytes: number };
  metrics: { name: string; replayed: number; reported: number }[];
};
console.log(
  `machine: ${os.cpus()[0]?.model} x${os.cpus().length}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, Node ${process.version}`,
);
console.log(
  `csv: ${ROWS} rows x ${F} features, ${(readFileSync(csv).length / 2 ** 20).toFixed(0)} MiB; verdict ${outcome.verdict}${outcome.verdict === 'reproduced' ? '' : `: ${check.stdout.slice(0, 2000)}`}`,
);
for (const m of outcome.metrics) console.log(`  ${m.name}: replayed ${m.replayed}, pandas+sklearn ${m.reported}`);

function peakMiB(cmd: string): number {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'sh', '-c', `${cmd} > /dev/null`], { env, encoding: 'utf8' });
  const kb = Number(r.stderr.trim().split('\n').pop());
  return kb / 1024;
}
console.log(
  `peak RSS (largest process, GNU time): provdesk replay ${peakMiB(replayCmd).toFixed(0)} MiB (its worker ${(outcome.resources.peakRssBytes / 2 ** 20).toFixed(0)} MiB), pandas script ${peakMiB(pandasCmd).toFixed(0)} MiB`,
);

function hyperfine(commands: string[], names: string[]): void {
  const out = path.join(tmp, 'hf.json');
  const args = [
    '--warmup',
    '1',
    '--runs',
    String(RUNS),
    '--export-json',
    out,
    '--style',
    'none',
    ...names.flatMap((n) => ['-n', n]),
    ...commands,
  ];
  spawnSync('hyperfine', args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  type Result = {
    command: string;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    user: number;
    system: number;
  };
  const results = (JSON.parse(readFileSync(out, 'utf8')) as { results: Result[] }).results;
  const base = results[results.length - 1]!;
  // wall time, and CPU time (user + system, all processes): on a shared machine the latter moves far less
  for (const r of results) {
    const cpu = r.user + r.system;
    console.log(
      `  ${r.command.padEnd(28)} wall ${(r.mean * 1000).toFixed(0).padStart(6)} ms ± ${(r.stddev * 1000).toFixed(0)} (min ${(r.min * 1000).toFixed(0)}), ratio ${(r.mean / base.mean).toFixed(2)};` +
        ` cpu ${(cpu * 1000).toFixed(0).padStart(6)} ms, ratio ${(cpu / (base.user + base.system)).toFixed(2)}  (to ${base.command})`,
    );
  }
}

console.log('\nreplay vs pandas + numpy + scikit-learn (hyperfine, whole processes):');
hyperfine([replayCmd, pandasCmd], ['provdesk replay', 'pandas script']);

const verifyTarget = sample; // the sample bundle: 12 files, 11 KiB
console.log(`\nstartup: --help and verify ${path.relative(root, verifyTarget)} vs node -e 0 (hyperfine):`);
hyperfine(
  [`node ${cli} --help`, `node ${cli} verify ${verifyTarget}`, 'node -e 0'],
  ['provdesk --help', 'provdesk verify', 'node -e 0'],
);
if (process.env.KEEP) console.log(`kept ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });
