// pack throughput: packFolder (read once, hash + deflate + zip, fsync, rename) against baselines run in the same
// process on the same files: sha256 alone (the floor for reading and hashing) and yazl alone (zip, every file
// deflated at the default level, no hash). packFolder stores what does not compress (a 64 KiB sample decides).
// Data: a run folder of random (incompressible) and CSV-like (compressible) files under bench/.data/pack (git-ignored).
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { packFolder } from '../src-main/core/pack/pack-folder';

const MiB = 1024 * 1024;
const DATA = path.resolve('bench/.data/pack');
const FILES = [
  { path: 'model/weights.bin', role: 'model', size: 48 * MiB, kind: 'random' },
  { path: 'data/train.csv', role: 'data', size: 48 * MiB, kind: 'csv' },
  { path: 'data/test.csv', role: 'data', size: 16 * MiB, kind: 'csv' },
  { path: 'results/preds.bin', role: 'result', size: 16 * MiB, kind: 'random' },
] as const;
const TOTAL = FILES.reduce((n, f) => n + f.size, 0);

function csv(bytes: number, seed: number): Buffer {
  let x = seed | 1;
  const rnd = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 4294967296);
  const parts: string[] = [];
  let len = 0;
  for (let row = 0; len < bytes; row++) {
    const line = `${row},${rnd().toFixed(6)},${(rnd() * 200 - 100).toFixed(4)},class_${Math.floor(rnd() * 12)}\n`;
    parts.push(line);
    len += line.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

function runFolder(): string {
  const dir = path.join(DATA, 'run');
  if (existsSync(path.join(dir, 'provenance.yaml'))) return dir;
  FILES.forEach((f, i) => {
    mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    const data = f.kind === 'random' ? randomFillSync(Buffer.allocUnsafe(f.size)) : csv(f.size, i + 1);
    writeFileSync(path.join(dir, f.path), data);
  });
  const files = FILES.map((f) => `  - { path: ${f.path}, role: ${f.role} }`).join('\n');
  writeFileSync(
    path.join(dir, 'provenance.yaml'),
    `name: bench\nauthor: { name: Bench, email: bench@example.org }\nlicense: MIT\nfiles:\n${files}\nenvironment: { os: Linux, runtime: { name: python, version: "3.11.7" } }\n`,
  );
  return dir;
}

async function shaOnly(dir: string): Promise<void> {
  for (const f of FILES) {
    const h = createHash('sha256');
    for await (const chunk of createReadStream(path.join(dir, f.path))) h.update(chunk as Buffer);
    h.digest();
  }
}

async function yazlOnly(dir: string, out: string): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const f of FILES) zip.addReadStream(createReadStream(path.join(dir, f.path)), `data/${f.path}`);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(out));
}

const out = path.join(DATA, 'out.zip');
const sizes: Record<string, number> = {};
async function time(fn: () => Promise<unknown>, name?: string): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (name) sizes[name] = statSync(out).size;
  return ms;
}

const dir = runFolder();
const rounds = 3;
const results: Record<string, number[]> = {
  'sha256 only (baseline)': [],
  'yazl only (baseline)': [],
  'packFolder (default: level 1)': [],
  'packFolder, compressionLevel 6': [],
};
await packFolder(dir, out); // warm-up
for (let i = 0; i < rounds; i++) {
  results['sha256 only (baseline)']!.push(await time(() => shaOnly(dir)));
  results['yazl only (baseline)']!.push(await time(() => yazlOnly(dir, out), 'yazl only (baseline)'));
  results['packFolder (default: level 1)']!.push(
    await time(() => packFolder(dir, out), 'packFolder (default: level 1)'),
  );
  results['packFolder, compressionLevel 6']!.push(
    await time(() => packFolder(dir, out, { compressionLevel: 6 }), 'packFolder, compressionLevel 6'),
  );
}
rmSync(out, { force: true });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sha = mean(results['sha256 only (baseline)']!);
const zip = mean(results['yazl only (baseline)']!);
console.log(
  `${os.cpus()[0]?.model.trim()} x${os.cpus().length}, Node ${process.version}; ${FILES.length} files, ${TOTAL / MiB} MiB (half random, half CSV); mean of ${rounds} after a warm-up`,
);
console.log('| method | time | MiB/s | ratio to sha256 only | ratio to yazl only | zip size |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [name, xs] of Object.entries(results)) {
  const ms = mean(xs);
  console.log(
    `| ${name} | ${ms.toFixed(0)} ms | ${(TOTAL / MiB / (ms / 1000)).toFixed(1)} | ${(ms / sha).toFixed(2)}x | ${(ms / zip).toFixed(2)}x | ${sizes[name] ? `${(sizes[name] / MiB).toFixed(1)} MiB` : '–'} |`,
  );
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
