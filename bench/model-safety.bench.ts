// The ONNX safety check's footprint in the process that runs it (issue 13): a 31 MB model whose one initializer
// holds 31 million int64 values, packed and unpacked, checked in a child process whose peak RSS is read. Baselines in
// the same run: an empty child (Node's own footprint) and the whole-model protobufjs decoding the check replaced.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeInt64Model } from '../test/helpers/onnx-wire';

const root = process.cwd();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'model-safety-bench-'));
const child = path.join(root, '.tmp', 'bench', 'model-safety-child.mjs');
await build({
  entryPoints: [path.join(root, 'test/helpers/model-safety-child.ts')],
  outfile: child,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

function run(file: string, mode: string): { ms: number; rssMb: number } {
  const out = spawnSync(process.execPath, [child, file, mode], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  const r = JSON.parse(out.stdout) as { ms: number; maxRssBytes: number };
  return { ms: r.ms, rssMb: r.maxRssBytes / 2 ** 20 };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const REPS = 3;
console.log(
  `machine: ${os.cpus()[0]?.model} x${os.cpus().length}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, Node ${process.version}\n`,
);
console.log(
  '| model | size | empty child peak RSS (baseline) | check: time | check: peak RSS | decode (baseline): time | decode: peak RSS | RSS ratio check / decode |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
try {
  mkdirSync(path.join(tmp, 'model'));
  for (const packed of [true, false]) {
    const file = path.join(tmp, 'model', packed ? 'packed.onnx' : 'unpacked.onnx');
    const elements = packed ? 31_000_000 : 15_500_000;
    writeInt64Model(file, elements, packed);
    run(file, 'check'); // warm-up
    const none = Array.from({ length: REPS }, () => run(file, 'none'));
    const check = Array.from({ length: REPS }, () => run(file, 'check'));
    const decode = Array.from({ length: REPS }, () => run(file, 'decode'));
    const rss = (rs: { rssMb: number }[]) => mean(rs.map((r) => r.rssMb));
    const ms = (rs: { ms: number }[]) => mean(rs.map((r) => r.ms));
    console.log(
      `| ${elements / 1e6}M int64, ${packed ? 'packed' : 'unpacked'} | ${(statSync(file).size / 1e6).toFixed(0)} MB | ${rss(none).toFixed(0)} MiB | ${ms(check).toFixed(1)} ms | ${rss(check).toFixed(0)} MiB | ${ms(decode).toFixed(0)} ms | ${rss(decode).toFixed(0)} MiB | ${(rss(check) / rss(decode)).toFixed(3)}x |`,
    );
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
