// The team registry (issue 15): push and pull of a 1 GiB bundle to a local CNCF Distribution registry against curl
// uploading and downloading the same blob to the same registry, side by side in one hyperfine run (whole processes,
// each command's peak RSS through /usr/bin/time); and `registry list` of a repository holding 1,000 bundles.
// - push: curl POSTs an upload and PUTs the file with its digest (known beforehand: curl hashes nothing);
//   `provdesk push DIGEST` sends a stored bundle (not verified again; its zip made as it is sent in one streamed
//   PATCH, CRCs and digest taken on the way); `provdesk push FILE` verifies a zip the store does not hold while it
//   sends it. Each run starts with the blob deleted from the repository, so every byte goes over the wire.
// - pull: `curl -o` of the blob against `provdesk pull` into a fresh store (download checked while streaming, then
//   import, which verifies the bag again and copies the payload into the blob store), and `provdesk import` of the
//   same zip (what pull adds to a download). The transport alone is also timed in this process.
// - list: with the manifests kept from an earlier listing and without, and `provdesk list` (start-up and store).
// Needs `npm run build`, hyperfine and /usr/bin/docker-registry. Data under bench/.data/registry (git-ignored).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { registryMissing, startRegistry } from '../test/helpers/oci-registry';
import { RegistryClient } from '../src-main/core/registry/client';
import { pullBlob, pushFileBlob } from '../src-main/core/registry/blobs';
import { parseReference } from '../src-main/core/registry/reference';

const MiB = 1024 * 1024;
const root = path.resolve('.');
const DATA = path.join(root, 'bench', '.data', 'registry');
// A private copy of the built CLI (inside the checkout, so its packages resolve): a rebuild of dist/ while the bench
// runs must not pull the file from under it.
const cliDir = path.join(root, '.tmp', 'bench', 'registry-cli');
rmSync(cliDir, { recursive: true, force: true });
cpSync(path.join(root, 'dist', 'node'), cliDir, { recursive: true });
const cli = path.join(cliDir, 'provdesk.mjs');
const sample = path.join(root, 'assets', 'samples', 'iris-logreg.bundle.zip');
const RUNS = Number(process.env.RUNS ?? 3);

function chunk(seed: number, bytes: number): Buffer {
  let x = seed | 1;
  const out = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeUInt32LE(x >>> 0, i);
  }
  return out;
}

/** A 1 GiB zipped bag (16 files of 64 MiB, stored: the zip is 1 GiB on the wire). */
async function gibZip(): Promise<string> {
  mkdirSync(DATA, { recursive: true });
  const file = path.join(DATA, 'stored-1GiB.bundle.zip');
  if (existsSync(file)) return file;
  const zip = new yazl.ZipFile();
  const lines: string[] = [];
  const done = new Promise<void>((resolve, reject) =>
    zip.outputStream
      .pipe(createWriteStream(`${file}.part`))
      .on('close', resolve)
      .on('error', reject),
  );
  for (let i = 0; i < 16; i++) {
    const rel = `data/part-${String(i).padStart(3, '0')}.bin`;
    const buf = chunk(i + 1, 64 * MiB);
    lines.push(`${createHash('sha256').update(buf).digest('hex')}  ${rel}\n`);
    zip.addBuffer(buf, `bundle/${rel}`, { compress: false });
  }
  zip.addBuffer(Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n'), 'bundle/bagit.txt');
  zip.addBuffer(Buffer.from(`Payload-Oxum: ${16 * 64 * MiB}.16\n`), 'bundle/bag-info.txt');
  zip.addBuffer(Buffer.from(lines.join('')), 'bundle/manifest-sha256.txt');
  zip.end();
  await done;
  renameSync(`${file}.part`, file);
  return file;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const c of createReadStream(file)) hash.update(c as Buffer);
  return hash.digest('hex');
}

/** Wall seconds and peak RSS (MiB) of one command, through /usr/bin/time. */
function timed(cmd: string[], env: Record<string, string> = {}): { seconds: number; peakMiB: number; stdout: string } {
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', 'PEAK_KB=%M', ...cmd], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * MiB,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${cmd.join(' ')} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  const kb = Number(/PEAK_KB=(\d+)/.exec(run.stderr)?.[1] ?? NaN);
  return { seconds, peakMiB: kb / 1024, stdout: run.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** One hyperfine run of several whole-process commands side by side; each command's peak RSS via /usr/bin/time. */
function hyperfine(
  title: string,
  commands: { name: string; cmd: string; prepare?: string }[],
  work: string,
): { name: string; median: number; mean: number; min: number; max: number; peakMiB: number }[] {
  const json = path.join(work, `${title}.json`);
  const args = ['--runs', String(RUNS), '--export-json', json, '--style', 'basic'];
  for (const c of commands) {
    const mem = path.join(work, `${title}-${c.name.replace(/\W+/g, '_')}.mem`);
    rmSync(mem, { force: true });
    args.push('--prepare', c.prepare ?? 'true', '-n', c.name, `/usr/bin/time -f %M -a -o ${mem} ${c.cmd}`);
  }
  const run = spawnSync('hyperfine', args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) throw new Error(`hyperfine ${title} failed`);
  const results = (
    JSON.parse(readFileSync(json, 'utf8')) as {
      results: { command: string; median: number; mean: number; min: number; max: number }[];
    }
  ).results;
  return results.map((r, i) => {
    const mem = path.join(work, `${title}-${commands[i]!.name.replace(/\W+/g, '_')}.mem`);
    const kb = readFileSync(mem, 'utf8')
      .split('\n')
      .map(Number)
      .filter((n) => n > 0);
    return {
      name: commands[i]!.name,
      median: r.median,
      mean: r.mean,
      min: r.min,
      max: r.max,
      peakMiB: Math.max(...kb) / 1024,
    };
  });
}

function table(rows: ReturnType<typeof hyperfine>, base: string): void {
  const b = rows.find((r) => r.name === base)!.median;
  console.log('| command | median | min–max | vs curl | peak RSS |\n| --- | ---: | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.median.toFixed(2)} s | ${r.min.toFixed(2)}–${r.max.toFixed(2)} s | ${r.name === base ? '—' : `${(r.median / b).toFixed(2)}x`} | ${r.peakMiB.toFixed(0)} MiB |`,
    );
}

async function main(): Promise<void> {
  if (registryMissing) {
    console.log(`skipped: ${registryMissing}`);
    return;
  }
  const zip = await gibZip();
  const size = statSync(zip).size;
  const digest = `sha256:${await sha256File(zip)}`;
  const registry = await startRegistry();
  const H = registry.host;
  const work = mkdtempSync(path.join(os.tmpdir(), 'provdesk-bench-registry-'));
  const env = { DOCKER_CONFIG: path.join(work, 'none') };
  const node = `env DOCKER_CONFIG=${env.DOCKER_CONFIG} node ${cli}`;
  const del = (repo: string, blob: string) => `curl -s -o /dev/null -X DELETE http://${H}/v2/${repo}/blobs/${blob}`;
  try {
    console.log(`load before: ${spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()}`);
    // A store holding the bundle (imported once, not timed): `push DIGEST` sends its stored copy without verifying.
    const held = path.join(work, 'held');
    const imported = JSON.parse(timed(['node', cli, '--store', held, '--json', 'import', zip], env).stdout) as {
      bundleDigest: string;
    };
    const first = JSON.parse(
      timed(['node', cli, '--store', held, '--json', 'push', imported.bundleDigest, `${H}/bench/pd:t`], env).stdout,
    ) as { layerDigest: string };
    // curl: POST an upload, PUT the whole file with its digest (known beforehand: curl hashes nothing).
    const curlPut = path.join(work, 'curl-put.sh');
    writeFileSync(
      curlPut,
      `L=$(curl -s -D - -o /dev/null -X POST http://${H}/v2/bench/c/blobs/uploads/ | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p')\n` +
        `exec curl -sf -T ${zip} -H 'Content-Type: application/octet-stream' "$L&digest=${digest}"\n`,
    );
    // Each run starts with the blob gone from the repository, so every byte goes over the wire.
    const push = hyperfine(
      'push',
      [
        { name: 'curl -T (POST + blob PUT)', cmd: `sh ${curlPut}`, prepare: del('bench/c', digest) },
        {
          name: 'provdesk push DIGEST (stored bundle)',
          cmd: `${node} --store ${held} --json push ${imported.bundleDigest} ${H}/bench/pd:t`,
          prepare: `${del('bench/pd', first.layerDigest)}; rm -f ${held}/registry/uploads.json`,
        },
        {
          name: 'provdesk push FILE (verified first)',
          cmd: `${node} --store ${path.join(work, 'pf')} --json push ${zip} ${H}/bench/pf:t`,
          prepare: `${del('bench/pf', digest)}; rm -rf ${path.join(work, 'pf')}`,
        },
      ],
      work,
    );
    const pulled = path.join(work, 'pulled');
    const blob = path.join(work, 'blob');
    const pull = hyperfine(
      'pull',
      [
        {
          name: 'curl -o (blob GET)',
          cmd: `curl -sf -o ${blob} http://${H}/v2/bench/c/blobs/${digest}`,
          prepare: `rm -f ${blob}`,
        },
        {
          name: 'provdesk pull (download + import)',
          cmd: `${node} --store ${pulled} --json pull ${H}/bench/pf:t`,
          prepare: `rm -rf ${pulled}`,
        },
        {
          name: 'provdesk import of the same zip',
          cmd: `${node} --store ${pulled} --json import ${zip}`,
          prepare: `rm -rf ${pulled}`,
        },
      ],
      work,
    );
    // The transport alone, in this process (no CLI start, no verification, no import).
    const client = new RegistryClient(parseReference(`${H}/bench/x`), { credentials: null });
    const upload: number[] = [];
    const uploadHashed: number[] = [];
    const download: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t = process.hrtime.bigint();
      await pushFileBlob(client, `bench/u${i}`, zip, { digest });
      upload.push(Number(process.hrtime.bigint() - t) / 1e9);
      t = process.hrtime.bigint();
      await pushFileBlob(client, `bench/h${i}`, zip);
      uploadHashed.push(Number(process.hrtime.bigint() - t) / 1e9);
      t = process.hrtime.bigint();
      await pullBlob(
        client,
        `bench/u${i}`,
        { mediaType: 'application/octet-stream', digest, size },
        path.join(work, 'blob2'),
      );
      download.push(Number(process.hrtime.bigint() - t) / 1e9);
      rmSync(path.join(work, 'blob2'), { force: true });
    }
    console.log(
      `\n1 GiB bundle (${(size / MiB).toFixed(0)} MiB zip), local Distribution registry, hyperfine ${RUNS} runs; ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    );
    table(push, 'curl -T (POST + blob PUT)');
    table(pull, 'curl -o (blob GET)');
    const curlPushMedian = push[0]!.median;
    const curlPullMedian = pull[0]!.median;
    console.log(
      `in process: upload, digest known ${median(upload).toFixed(2)} s (${(median(upload) / curlPushMedian).toFixed(2)}x curl); upload hashed as it streams ${median(uploadHashed).toFixed(2)} s (${(median(uploadHashed) / curlPushMedian).toFixed(2)}x); download checked ${median(download).toFixed(2)} s (${(median(download) / curlPullMedian).toFixed(2)}x)`,
    );

    // Listing: 1,000 bundles (the sample's manifest, each with its own creation time, under 1,000 tags).
    const repo = `${H}/bench/many`;
    const store = path.join(work, 'list');
    timed(['node', cli, '--store', store, '--json', 'push', sample, `${repo}:seed`], env);
    const manifest = await (
      await fetch(`http://${H}/v2/bench/many/manifests/seed`, {
        headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
      })
    ).text();
    for (let i = 0; i < 1000; i++) {
      const m = JSON.parse(manifest) as { annotations: Record<string, string> };
      m.annotations['org.opencontainers.image.created'] = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
      const res = await fetch(`http://${H}/v2/bench/many/manifests/b${i}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
        body: JSON.stringify(m),
      });
      if (res.status !== 201) throw new Error(`manifest ${i}: ${res.status}`);
    }
    const count = (
      JSON.parse(timed(['node', cli, '--store', store, '--json', 'registry', 'list', repo], env).stdout) as {
        bundles: unknown[];
      }
    ).bundles.length;
    const listCmd = `${node} --store ${store} --json registry list ${repo}`;
    const list = hyperfine(
      'list',
      [
        { name: `registry list, ${count} bundles, manifests kept`, cmd: listCmd },
        {
          name: `registry list, ${count} bundles, no kept manifests`,
          cmd: listCmd,
          prepare: `rm -f ${store}/registry/manifests.json`,
        },
        { name: 'provdesk list (start-up and store, no registry)', cmd: `${node} --store ${store} --json list` },
      ],
      work,
    );
    console.log('| command | median | min–max | peak RSS |\n| --- | ---: | ---: | ---: |');
    for (const r of list)
      console.log(
        `| ${r.name} | ${r.median.toFixed(2)} s | ${r.min.toFixed(2)}–${r.max.toFixed(2)} s | ${r.peakMiB.toFixed(0)} MiB |`,
      );
    console.log(`load after: ${spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()}`);
  } finally {
    await registry.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
