// Verify and import throughput: verifyBundle against openssl / unzip baselines run side by side on the
// same files in the same run, plus peak RSS while staging a 2 GiB bundle (in a fresh child process).
// Data is built once under bench/.data/verify (git-ignored) and reused.
import { spawnSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  writeSync,
  writeFileSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { verifyBundle } from '../src-main/core/bundle/verify-bundle';

const MiB = 1024 * 1024;
const DATA = path.resolve('bench/.data/verify');
const STAGING = path.join(DATA, 'staging');

function tags(dir: string, lines: string[], bytes: number, files: number): void {
  writeFileSync(path.join(dir, 'bagit.txt'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  writeFileSync(path.join(dir, 'bag-info.txt'), `Payload-Oxum: ${bytes}.${files}\n`);
  writeFileSync(path.join(dir, 'manifest-sha256.txt'), lines.join(''));
}

/** A folder bag of `count` files of `size` random bytes. */
function randomBag(name: string, count: number, size: number): string {
  const dir = path.join(DATA, name);
  if (existsSync(path.join(dir, 'manifest-sha256.txt'))) return dir;
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  const buf = Buffer.allocUnsafe(16 * MiB);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const rel = `data/part-${String(i).padStart(3, '0')}.bin`;
    const fd = openSync(path.join(dir, rel), 'w');
    const h = createHash('sha256');
    for (let done = 0; done < size; done += buf.length) {
      randomFillSync(buf);
      const chunk = buf.subarray(0, Math.min(buf.length, size - done));
      h.update(chunk);
      writeSync(fd, chunk);
    }
    closeSync(fd);
    lines.push(`${h.digest('hex')}  ${rel}\n`);
  }
  tags(dir, lines, count * size, count);
  return dir;
}

/** CSV-like rows (ids, floats, labels) from a fast PRNG: compresses about 2-3x, like real tables. */
function csvChunk(seed: number, bytes: number): Buffer {
  let x = seed | 1;
  const rnd = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 4294967296);
  const parts: string[] = [];
  let len = 0;
  let row = 0;
  while (len < bytes) {
    const line = `${seed * 1_000_000 + row++},${rnd().toFixed(6)},${(rnd() * 200 - 100).toFixed(4)},${(rnd() * 10).toFixed(3)},class_${Math.floor(rnd() * 12)}\n`;
    parts.push(line);
    len += line.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

/** A zipped bundle (one top folder) of `count` CSV files of `size` bytes, deflated at `level`. */
async function csvZip(name: string, count: number, size: number, level: number): Promise<string> {
  const file = path.join(DATA, name);
  if (existsSync(file)) return file;
  const zip = new yazl.ZipFile();
  const lines: string[] = [];
  const done = new Promise<void>((resolve, reject) =>
    zip.outputStream
      .pipe(createWriteStream(`${file}.part`))
      .on('close', resolve)
      .on('error', reject),
  );
  for (let i = 0; i < count; i++) {
    const rel = `data/table-${String(i).padStart(3, '0')}.csv`;
    const buf = csvChunk(i + 1, size);
    lines.push(`${createHash('sha256').update(buf).digest('hex')}  ${rel}\n`);
    zip.addBuffer(buf, `bundle/${rel}`, { compressionLevel: level });
  }
  zip.addBuffer(Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n'), 'bundle/bagit.txt');
  zip.addBuffer(Buffer.from(`Payload-Oxum: ${count * size}.${count}\n`), 'bundle/bag-info.txt');
  zip.addBuffer(Buffer.from(lines.join('')), 'bundle/manifest-sha256.txt');
  zip.end();
  await done;
  spawnSync('mv', [`${file}.part`, file]);
  return file;
}

function shell(cmd: string): number {
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', cmd], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} failed`);
  return performance.now() - t0;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function verifyOnce(source: string, stage: boolean): Promise<void> {
  const r = await verifyBundle(source, { stage, stagingRoot: STAGING });
  if (!r.report.valid) throw new Error(`${source} did not verify: ${JSON.stringify(r.report.problems.slice(0, 3))}`);
  await r.cleanup();
}

/** Runs baseline and candidate alternately after a warm-up of each; returns medians in ms. */
async function compare(reps: number, base: () => number, ours: () => Promise<unknown>): Promise<[number, number]> {
  base();
  await ours();
  const b: number[] = [];
  const o: number[] = [];
  for (let i = 0; i < reps; i++) {
    b.push(base());
    o.push(await timed(ours));
  }
  const median = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  return [median(b), median(o)];
}

async function rssChild(zip: string): Promise<void> {
  const r = await verifyBundle(zip, { stage: true, stagingRoot: STAGING });
  const ok = r.report.valid;
  await r.cleanup();
  console.log(JSON.stringify({ ok, maxRssKiB: process.resourceUsage().maxRSS }));
}

async function main(): Promise<void> {
  if (process.argv[2] === '--rss-child') return rssChild(process.argv[3]!);
  mkdirSync(STAGING, { recursive: true });
  console.log(
    `machine: ${os.cpus()[0]?.model ?? 'unknown'} x${os.cpus().length} (nproc ${os.availableParallelism()}), node ${process.version}, ${new Date().toISOString()}`,
  );
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log('building data (cached after the first run)…');
  const many = randomBag('bag-64x16MiB', 64, 16 * MiB);
  const single = randomBag('bag-1x1GiB', 1, 1024 * MiB);
  const zip1 = await csvZip('csv-1GiB.bundle.zip', 16, 64 * MiB, 6);
  const zip2 = await csvZip('csv-2GiB.bundle.zip', 32, 64 * MiB, 1);
  const files = (dir: string) => `${dir}/data/*.bin`;
  const gib = (ms: number, bytes: number) => `${(bytes / (1024 * MiB) / (ms / 1000)).toFixed(2)} GiB/s`;

  const rows: string[] = [];
  const [b1, o1] = await compare(
    3,
    () => shell(`openssl dgst -sha256 ${files(many)} > /dev/null`),
    () => verifyOnce(many, false),
  );
  rows.push(
    `| verify 1 GiB bag, 64 × 16 MiB | openssl dgst -sha256 (1 process) | ${b1.toFixed(0)} ms (${gib(b1, 1024 * MiB)}) | ${o1.toFixed(0)} ms (${gib(o1, 1024 * MiB)}) | ${(b1 / o1).toFixed(2)}× faster | ≥ 1.6× |`,
  );
  const [b2, o2] = await compare(
    3,
    () => shell(`openssl dgst -sha256 ${files(single)} > /dev/null`),
    () => verifyOnce(single, false),
  );
  rows.push(
    `| verify one 1 GiB file | openssl dgst -sha256 | ${b2.toFixed(0)} ms (${gib(b2, 1024 * MiB)}) | ${o2.toFixed(0)} ms (${gib(o2, 1024 * MiB)}) | ${(b2 / o2).toFixed(2)}× openssl throughput | ≥ 0.9× |`,
  );
  const [b3, o3] = await compare(
    3,
    () => shell(`unzip -p ${zip1} 'bundle/data/*' | openssl dgst -sha256 > /dev/null`),
    () => verifyOnce(zip1, true),
  );
  rows.push(
    `| import (stage) 1 GiB zipped CSV bundle | unzip -p FILE \\| openssl dgst -sha256 | ${b3.toFixed(0)} ms | ${o3.toFixed(0)} ms | ${(o3 / b3).toFixed(2)}× the baseline's time | ≤ 1.3× |`,
  );

  const child = spawnSync(process.execPath, [process.argv[1]!, '--rss-child', zip2], { encoding: 'utf8' });
  const rss = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { ok?: boolean; maxRssKiB?: number };
  rows.push(
    `| peak RSS staging a 2 GiB zipped bundle | – | – | ${((rss.maxRssKiB ?? 0) / 1024).toFixed(0)} MiB (valid: ${rss.ok}) | – | < 300 MB |`,
  );
  rmSync(STAGING, { recursive: true, force: true });

  console.log('\n| case | baseline | baseline time | verifyBundle | ratio | goal |');
  console.log('| --- | --- | ---: | ---: | ---: | --- |');
  for (const r of rows) console.log(r);
  console.log(
    `\nload average at end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

await main();
