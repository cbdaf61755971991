// Replay metrics on 1e6 rows: every metric per task, timed against two floors measured in the same run:
// `scan` (one loop comparing y_true with y_pred, the least any O(n) metric can cost) and `sort`
// (Float64Array.sort of n scores, the least a rank metric such as roc_auc can cost per class).
import os from 'node:os';
import { computeMetric, metricNames, metricTask, type MetricInput } from '../src-main/core/replay/metrics';

const N = 1_000_000;
const REPS = 5;

let seed = 12345;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0), seed / 4294967296);

function classification(n: number, k: number): MetricInput {
  const yTrue = new Int32Array(n);
  const yPred = new Int32Array(n);
  const probabilities = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const t = Math.floor(rnd() * k);
    yTrue[i] = t;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += probabilities[i * k + j] = Math.exp(2 * rnd() + (j === t ? 1 : 0));
    let best = 0;
    for (let j = 0; j < k; j++) {
      probabilities[i * k + j]! /= sum;
      if (probabilities[i * k + j]! > probabilities[i * k + best]!) best = j;
    }
    yPred[i] = best;
  }
  return { task: 'classification', yTrue, yPred, probabilities, classes: k };
}

function values(n: number): [Float64Array, Float64Array] {
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rnd() * 10;
    b[i] = a[i]! + rnd() - 0.5;
  }
  return [a, b];
}

function time(fn: () => unknown): number {
  fn(); // warm-up
  let total = 0;
  for (let r = 0; r < REPS; r++) {
    globalThis.gc?.();
    const t0 = performance.now();
    fn();
    total += performance.now() - t0;
  }
  return total / REPS;
}

const [yt, yp] = values(N);
const inputs: Record<string, MetricInput> = {
  'classification, 2 classes': classification(N, 2),
  'classification, 10 classes': classification(N, 10),
  regression: { task: 'regression', yTrue: yt, yPred: yp },
  tensor: { task: 'tensor', yTrue: [], yPred: yp, expected: yt },
};

const scanInput = inputs['classification, 2 classes']!;
const scan = time(() => {
  let c = 0;
  for (let i = 0; i < N; i++) if (scanInput.yTrue[i] === scanInput.yPred[i]) c++;
  return c;
});
const sort = time(() => Float64Array.from(yt).sort());

console.log(
  `${N.toLocaleString('en')} rows, mean of ${REPS} runs after a warm-up; ${os.cpus()[0]?.model} x${os.cpus().length}, Node ${process.version}`,
);
console.log(`baselines: scan ${scan.toFixed(2)} ms, sort ${sort.toFixed(1)} ms\n`);
console.log('| input | metric | ms | ratio to scan | ratio to sort |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const [label, input] of Object.entries(inputs)) {
  for (const name of metricNames) {
    if (metricTask(name) !== input.task) continue;
    const outcome = computeMetric(name, input);
    if (!outcome.ok) throw new Error(`${name}: ${outcome.reason}`);
    const ms = time(() => computeMetric(name, input));
    console.log(`| ${label} | ${name} | ${ms.toFixed(1)} | ${(ms / scan).toFixed(1)}x | ${(ms / sort).toFixed(2)}x |`);
  }
}
