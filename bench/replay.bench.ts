// Replay end to end on a 200,000-row tabular bundle (64 features, a linear classifier like the sample's), and two
// ratios against bare baselines measured in the same run: our data ingest (csv → float32 batches) vs papaparse
// alone streaming the same file, and our inference phase vs a bare onnxruntime loop over the same tensors.
import { build } from 'esbuild';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import Papa from 'papaparse';
import { parseReplaySpec } from '../src-main/core/bundle/replay-spec';
import { openSession, TabularRunner } from '../src-main/core/replay/infer-tabular';
import { replayBundle } from '../src-main/core/replay/run-replay';
import { tabularBatches } from '../src-main/core/replay/tabular-batches';

const ROWS = [50_000, 200_000];
const F = 64;
const BATCH = 256;
const REPS = 5;
const root = process.cwd();
const modelFile = path.join(root, 'test/fixtures/replay/bench-linear64/model/model.onnx');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'replay-bench-'));

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

const spec = parseReplaySpec({
  task: 'classification',
  model: 'model/model.onnx',
  outputKind: 'probabilities',
  batchSize: BATCH,
  data: { path: 'eval/test.csv', format: 'csv', label: 'label' },
  metrics: [{ name: 'accuracy' }, { name: 'log_loss' }],
}).spec!;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Medians of `reps` runs of each function, interleaved (a, b, a, b…) so a noisy neighbour hits both alike. */
async function medians(reps: number, ...fns: (() => Promise<unknown>)[]): Promise<number[]> {
  for (const fn of fns) await fn(); // warm-up
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < reps; i++) for (const [j, fn] of fns.entries()) times[j]!.push(await time(fn));
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!);
}

const workerFile = path.join(root, '.tmp', 'bench', 'replay.worker.mjs');
mkdirSync(path.dirname(workerFile), { recursive: true });
await build({
  entryPoints: [path.join(root, 'src-main/core/replay/replay.worker.ts')],
  outfile: workerFile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

console.log(
  `machine: ${os.cpus()[0]?.model} x${os.cpus().length}, Node ${process.version}, onnxruntime-node ${ort.env.versions.node}; batch ${BATCH}, 1 intra-op thread\n`,
);
console.log(
  '| rows | csv size | end to end | rows/s | worker peak RSS | papaparse (strings) | papaparse (dynamicTyping) | our ingest (float32 batches) | ratio to strings | ratio to typed | bare ORT loop | our inference | ratio | then outputs → metrics input |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const n of ROWS) {
  const dir = path.join(tmp, String(n));
  mkdirSync(path.join(dir, 'eval'), { recursive: true });
  const csv = path.join(dir, 'eval', 'test.csv');
  await writeCsv(csv, n);
  const size = statSync(csv).size;

  const papa = (dynamicTyping: boolean) => () =>
    new Promise<void>((resolve, reject) => {
      const config = {
        delimiter: ',',
        skipEmptyLines: true,
        dynamicTyping,
        chunk() {},
        complete: () => resolve(),
        error: reject,
      };
      Papa.parse(createReadStream(csv, { encoding: 'utf8' }) as unknown as File, config);
    });
  const data = spec.data!;
  const batches: { features: Float32Array; rows: number }[] = [];
  const ingest = async () => {
    for await (const b of tabularBatches(dir, data, BATCH, 'features', 'float32')) void b;
  };
  const [bareParse, typedParse, ours] = (await medians(REPS, papa(false), papa(true), ingest)) as [
    number,
    number,
    number,
  ];
  for await (const b of tabularBatches(dir, data, BATCH, 'features', 'float32'))
    batches.push({ features: b.features as Float32Array, rows: b.rows });

  const session = await openSession(modelFile, 1);
  let runner = new TabularRunner(session, spec);
  const [bareInfer, ourInfer] = (await medians(
    9,
    async () => {
      for (const b of batches)
        await session.run({ input: new ort.Tensor('float32', b.features, [b.rows, F]) }, ['probabilities']);
    },
    async () => {
      runner = new TabularRunner(session, spec);
      for (const b of batches) await runner.run(b.features, b.rows, F);
    },
  )) as [number, number];
  // after the loop: softmax/copy to float64, output hash, label mapping (reported apart, not part of the ratio)
  const labels = Array.from({ length: n }, (_, i) => String(i % 3));
  const finish = await time(async () => runner.finish(labels, 'eval/test.csv', null));
  await session.release();

  const files = { 'model/model.onnx': modelFile, 'eval/test.csv': csv };
  const runs = [];
  for (let i = 0; i < 2; i++)
    runs.push(
      await replayBundle({
        files,
        spec,
        reported: { accuracy: 0.33, log_loss: 1 },
        recordedEnvironment: null,
        workerScript: workerFile,
      }),
    );
  const e2e = runs[1]!;
  if (e2e.verdict === 'failed') throw new Error(e2e.reason);
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const ms = (t: number) => `${t.toFixed(0)} ms`;
  console.log(
    `| ${n} | ${mb(size)} | ${ms(e2e.durationMs)} | ${Math.round(n / (e2e.durationMs / 1000))} | ${mb(e2e.resources.peakRssBytes)} | ${ms(bareParse)} | ${ms(typedParse)} | ${ms(ours)} | ${(ours / bareParse).toFixed(2)}x | ${(ours / typedParse).toFixed(2)}x | ${ms(bareInfer)} | ${ms(ourInfer)} | ${(ourInfer / bareInfer).toFixed(2)}x | ${ms(finish)} |`,
  );
}
rmSync(tmp, { recursive: true, force: true });
