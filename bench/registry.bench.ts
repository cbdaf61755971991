// The team registry (issue 15): push and pull of a 1 GiB bundle to a local CNCF Distribution registry against curl
// uploading and downloading the same blob to the same registry in the same run, with each process's peak RSS
// (/usr/bin/time -f %M); and `registry list` of a repository holding 1,000 bundles with their states.
// - push: `provdesk push FILE REF` (verifies the bundle, then a chunked upload hashed as it goes) against
//   `curl -T FILE` as one monolithic PUT of the blob with its digest (known beforehand: curl hashes nothing).
// - pull: `provdesk pull REF` into a fresh store (download checked while streaming, then import, which verifies the
//   bag again and copies the payload into the blob store) against `curl -o` of the blob, and `provdesk import` of the
//   same zip (what pull adds to a download).
// Needs `npm run build` and /usr/bin/docker-registry. Data under bench/.data/registry (git-ignored).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
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
const row = (name: string, xs: { seconds: number; peakMiB: number }[], base?: number) =>
  `| ${name} | ${median(xs.map((x) => x.seconds)).toFixed(2)} s | ${base ? `${(median(xs.map((x) => x.seconds)) / base).toFixed(2)}x` : '—'} | ${Math.max(...xs.map((x) => x.peakMiB)).toFixed(0)} MiB |`;

async function main(): Promise<void> {
  if (registryMissing) {
    console.log(`skipped: ${registryMissing}`);
    return;
  }
  const zip = await gibZip();
  const size = statSync(zip).size;
  const digest = `sha256:${await sha256File(zip)}`;
  const registry = await startRegistry();
  const work = mkdtempSync(path.join(os.tmpdir(), 'provdesk-bench-registry-'));
  const env = { DOCKER_CONFIG: path.join(work, 'none') };
  try {
    const results: Record<string, { seconds: number; peakMiB: number }[]> = {
      curlPush: [],
      push: [],
      curlPull: [],
      pull: [],
      importOnly: [],
      upload: [],
      download: [],
    };
    const client = new RegistryClient(parseReference(`${registry.host}/bench/x`), { credentials: null });
    for (let i = 0; i < RUNS; i++) {
      // A new repository each round: nothing is there already, so every byte goes over the wire.
      const repo = `${registry.host}/bench/r${i}`;
      const post = spawnSync(
        'curl',
        ['-s', '-D', '-', '-o', '/dev/null', '-X', 'POST', `http://${registry.host}/v2/bench/c${i}/blobs/uploads/`],
        { encoding: 'utf8' },
      );
      const location = /^location: (.+)$/im.exec(post.stdout)?.[1]?.trim();
      if (!location) throw new Error(`no upload location: ${post.stdout}`);
      const url = new URL(location, `http://${registry.host}`);
      url.searchParams.set('digest', digest);
      results.curlPush!.push(
        timed(['curl', '-sf', '-T', zip, '-H', 'Content-Type: application/octet-stream', url.href]),
      );
      // The transport alone, in this process: chunked upload hashed as it goes; streaming download checked.
      let t = process.hrtime.bigint();
      await pushFileBlob(client, `bench/u${i}`, zip);
      results.upload!.push({ seconds: Number(process.hrtime.bigint() - t) / 1e9, peakMiB: NaN });
      t = process.hrtime.bigint();
      await pullBlob(
        client,
        `bench/u${i}`,
        { mediaType: 'application/octet-stream', digest, size },
        path.join(work, 'blob2'),
      );
      results.download!.push({ seconds: Number(process.hrtime.bigint() - t) / 1e9, peakMiB: NaN });
      rmSync(path.join(work, 'blob2'), { force: true });
      const store = path.join(work, `a${i}`);
      const pushed = timed(['node', cli, '--store', store, '--json', 'push', zip, `${repo}:big`], env);
      results.push!.push(pushed);
      results.curlPull!.push(
        timed(['curl', '-sf', '-o', path.join(work, 'blob'), `http://${registry.host}/v2/bench/c${i}/blobs/${digest}`]),
      );
      rmSync(path.join(work, 'blob'), { force: true });
      results.pull!.push(
        timed(['node', cli, '--store', path.join(work, `b${i}`), '--json', 'pull', `${repo}:big`], env),
      );
      rmSync(path.join(work, `b${i}`), { recursive: true, force: true });
      results.importOnly!.push(timed(['node', cli, '--store', path.join(work, `c${i}`), '--json', 'import', zip], env));
      rmSync(path.join(work, `c${i}`), { recursive: true, force: true });
      rmSync(store, { recursive: true, force: true });
    }
    const curlPush = median(results.curlPush!.map((x) => x.seconds));
    const curlPull = median(results.curlPull!.map((x) => x.seconds));
    console.log(
      `\n1 GiB bundle (${(size / MiB).toFixed(0)} MiB zip), local Distribution registry, median of ${RUNS}; ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    );
    console.log('| command | time | vs curl | peak RSS |\n| --- | --- | --- | --- |');
    console.log(row('curl -T (blob PUT, digest known)', results.curlPush!));
    console.log(row('provdesk push (verify + chunked upload)', results.push!, curlPush));
    console.log(row('its upload alone (pushFileBlob, in process; RSS not measured)', results.upload!, curlPush));
    console.log(row('curl -o (blob GET)', results.curlPull!));
    console.log(row('provdesk pull (download checked + import)', results.pull!, curlPull));
    console.log(row('its download alone (pullBlob, in process; RSS not measured)', results.download!, curlPull));
    console.log(row('provdesk import of the same zip (no registry)', results.importOnly!));

    // Listing: 1,000 bundles (the sample's manifest, each with its own creation time, under 1,000 tags).
    const repo = `${registry.host}/bench/many`;
    const store = path.join(work, 'list');
    timed(['node', cli, '--store', store, '--json', 'push', sample, `${repo}:seed`], env);
    const manifest = await (
      await fetch(`http://${registry.host}/v2/bench/many/manifests/seed`, {
        headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
      })
    ).text();
    for (let i = 0; i < 1000; i++) {
      // Each a distinct manifest (its own created time), so the listing has 1,000 rows.
      const m = JSON.parse(manifest) as { annotations: Record<string, string> };
      m.annotations['org.opencontainers.image.created'] = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
      const res = await fetch(`http://${registry.host}/v2/bench/many/manifests/b${i}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
        body: JSON.stringify(m),
      });
      if (res.status !== 201) throw new Error(`manifest ${i}: ${res.status}`);
    }
    const lists = Array.from({ length: RUNS }, () =>
      timed(['node', cli, '--store', store, '--json', 'registry', 'list', repo], env),
    );
    const count = (JSON.parse(lists[0]!.stdout) as { bundles: unknown[] }).bundles.length;
    console.log(
      `\nregistry list of ${count} bundles (each with its referrers asked): median ${median(lists.map((l) => l.seconds)).toFixed(2)} s, peak ${Math.max(...lists.map((l) => l.peakMiB)).toFixed(0)} MiB`,
    );
  } finally {
    await registry.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
