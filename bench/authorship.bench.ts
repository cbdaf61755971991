// Authorship signatures at 20,000 files. (a) pack with and without signing, in process (signing is one statement
// built from the hashes pack already has) and as whole `provdesk pack [--sign]` processes with hyperfine (adds the
// store open, the scrypt key unlock and the audit entry); (b) building+signing and reading the statement against
// raw Ed25519 sign/verify of the same bytes and against hashing the payload; (c) import with and without the
// envelope. Data: 20,000 files of 1-4 KiB under bench/.data/authorship (git-ignored), built once.
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { packFolder } from '../src-main/core/pack/pack-folder';
import { AUTHORSHIP_TAG_FILE, readAuthorship } from '../src-main/core/governance/authorship';
import { pae, IN_TOTO_PAYLOAD_TYPE } from '../src-main/core/governance/dsse';
import { keyIdOfPublicKey, publicKeyBase64 } from '../src-main/core/governance/ed25519-keys';
import { signBundleAuthorship } from '../src-main/core/governance/sign-authorship';
import { verifyBundle } from '../src-main/core/bundle/verify-bundle';
import { importBundle } from '../src-main/core/services/import-bundle';
import { openStore } from '../src-main/core/store/store';

const N = 20_000;
const DATA = path.resolve('bench/.data/authorship');
const CLI = process.env.PROVDESK_CLI ?? path.resolve('dist/node/provdesk.mjs');
const ROUNDS = Number(process.env.ROUNDS ?? 5);

function runFolder(): string {
  const dir = path.join(DATA, 'run');
  if (existsSync(path.join(dir, 'provenance.yaml'))) return dir;
  let x = 12345;
  const rnd = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 4294967296);
  const files: string[] = [];
  for (let i = 0; i < N; i++) {
    const rel = `part-${String(i % 100).padStart(2, '0')}/file-${String(i).padStart(5, '0')}.csv`;
    const size = 1024 + Math.floor(rnd() * 3072);
    let text = '';
    while (text.length < size)
      text += `${Math.floor(rnd() * 1e6)},${rnd().toFixed(6)},class_${Math.floor(rnd() * 12)}\n`;
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text.slice(0, size));
    files.push(`  - { path: ${rel}, role: data }`);
  }
  writeFileSync(
    path.join(dir, 'provenance.yaml'),
    `name: authorship bench\nauthor: { name: Bench, email: bench@example.org }\nlicense: MIT\nfiles:\n${files.join('\n')}\nenvironment: { os: Linux, runtime: { name: python, version: "3.11.7" } }\n`,
  );
  return dir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function ms(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
const pct = (a: number, b: number) => `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)}%`;

const dir = runFolder();
const work = mkdtempSync(path.join(tmpdir(), 'authorship-bench-'));
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keyId = keyIdOfPublicKey(publicKey);
const signer = { name: 'Bench', email: 'bench@example.org', keyId, privateKey };
const trusted = [
  {
    keyId,
    publicKey: publicKeyBase64(publicKey),
    name: 'Bench',
    email: 'bench@example.org',
    roles: ['contributor' as const],
    revoked: false,
  },
];
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; ${N} files of 1-4 KiB; median of ${ROUNDS}, runs alternated`,
);

// (a) pack in process: the same folder, signed and unsigned runs alternated.
const plainZip = path.join(work, 'plain.zip');
const signedZip = path.join(work, 'signed.zip');
const packPlain: number[] = [];
const packSigned: number[] = [];
await packFolder(dir, plainZip); // warm-up (page cache)
for (let i = 0; i < ROUNDS; i++) {
  packPlain.push(await ms(() => packFolder(dir, plainZip)));
  packSigned.push(await ms(() => packFolder(dir, signedZip, { sign: { signer } })));
}
console.log('\n| pack, in process | median | runs |');
console.log('| --- | ---: | --- |');
console.log(
  `| packFolder (baseline) | ${median(packPlain).toFixed(0)} ms | ${packPlain.map((x) => x.toFixed(0)).join(', ')} |`,
);
console.log(
  `| packFolder with sign | ${median(packSigned).toFixed(0)} ms (${pct(median(packSigned), median(packPlain))}) | ${packSigned.map((x) => x.toFixed(0)).join(', ')} |`,
);

// (b) the statement: build + sign, and read (parse, signature, every subject), against raw Ed25519 and hashing.
const v = await verifyBundle(signedZip, { threads: 1, stage: true, stagingRoot: work });
const envelope = v.tagFiles[AUTHORSHIP_TAG_FILE]!;
const files = v.payload.map((f) => ({ path: f.path, sha256: f.sha256 }));
const digest = v.report.bundleDigest!;
const payloadBytes = v.payload.map((f) => readFileSync(f.stagedPath!));
await v.cleanup();
const statementBytes = Buffer.from((JSON.parse(envelope.toString('utf8')) as { payload: string }).payload, 'base64');
const signedBytes = pae(IN_TOTO_PAYLOAD_TYPE, statementBytes);
const rawSig = sign(null, signedBytes, privateKey);
const reps = (fn: () => unknown) => {
  fn();
  const xs: number[] = [];
  for (let i = 0; i < ROUNDS * 2; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
};
const rows: [string, number][] = [
  ['raw Ed25519 sign of the signed bytes (baseline)', reps(() => sign(null, signedBytes, privateKey))],
  ['raw Ed25519 verify of the signed bytes (baseline)', reps(() => verify(null, signedBytes, publicKey, rawSig))],
  [
    'SHA-256 of the payload, 20,000 files in memory (baseline)',
    reps(() => payloadBytes.forEach((b) => createHash('sha256').update(b).digest())),
  ],
  [
    'build + sign the statement (signBundleAuthorship)',
    reps(() => signBundleAuthorship(signer, { digest, files, name: 'authorship bench' }, new Date())),
  ],
  // what pack does more when it signs: the statement, then the envelope deflated into the zip and hashed for the tag
  // manifest
  [
    'all signing adds to pack: sign + deflate + tag-manifest hash of the envelope',
    reps(() => {
      const text = Buffer.from(
        signBundleAuthorship(signer, { digest, files, name: 'authorship bench' }, new Date()).text,
      );
      deflateRawSync(text, { level: 1 });
      createHash('sha256').update(text).digest();
    }),
  ],
  [
    'readAuthorship, key trusted (parse, verify, 20,001 subjects)',
    reps(() => readAuthorship(envelope, { digest, files }, trusted)),
  ],
  ['readAuthorship, key unknown (parse, subjects)', reps(() => readAuthorship(envelope, { digest, files }, []))],
];
const facts = readAuthorship(envelope, { digest, files }, trusted);
if (facts.signature !== 'valid' || facts.problems.length)
  throw new Error(`bench envelope does not verify: ${JSON.stringify(facts.problems[0])}`);
console.log(
  `\nenvelope ${(envelope.length / 1e6).toFixed(2)} MB, statement ${(statementBytes.length / 1e6).toFixed(2)} MB`,
);
console.log('| authorship statement | median |');
console.log('| --- | ---: |');
for (const [name, t] of rows) console.log(`| ${name} | ${t.toFixed(1)} ms |`);

// (c) import of the same payload with and without the envelope, each into a fresh store.
const importPlain: number[] = [];
const importSigned: number[] = [];
for (let i = 0; i <= ROUNDS; i++) {
  for (const [zip, into] of [
    [plainZip, importPlain],
    [signedZip, importSigned],
  ] as const) {
    const storeDir = mkdtempSync(path.join(work, 'store-'));
    const store = await openStore(storeDir);
    const t = await ms(() => importBundle(store, zip, { actor: 'bench' }));
    if (i > 0) into.push(t); // the first round warms up
    store.close();
    rmSync(storeDir, { recursive: true, force: true });
  }
}
console.log('\n| import, in process (fresh store each) | median | runs |');
console.log('| --- | ---: | --- |');
console.log(
  `| importBundle, unsigned (baseline) | ${median(importPlain).toFixed(0)} ms | ${importPlain.map((x) => x.toFixed(0)).join(', ')} |`,
);
console.log(
  `| importBundle, with the envelope | ${median(importSigned).toFixed(0)} ms (${pct(median(importSigned), median(importPlain))}) | ${importSigned.map((x) => x.toFixed(0)).join(', ')} |`,
);
const readTrusted = rows.find(([n]) => n.startsWith('readAuthorship, key trusted'))![1];
const signWork = rows.find(([n]) => n.startsWith('all signing adds'))![1];
console.log(
  `| readAuthorship (trusted) as a share of the unsigned import | ${((readTrusted / median(importPlain)) * 100).toFixed(1)}% | |`,
);
console.log(
  `\nsigning work as a share of the unsigned pack: ${((signWork / median(packPlain)) * 100).toFixed(1)}% (${signWork.toFixed(0)} ms of ${median(packPlain).toFixed(0)} ms)`,
);

// (a) whole processes: `provdesk pack` against `provdesk pack --sign` (store open, scrypt unlock, audit entry).
const hyperfine = spawnSync('hyperfine', ['--version'], { encoding: 'utf8' });
if (hyperfine.status !== 0 || !existsSync(CLI)) {
  console.log(
    `\n(whole-process runs skipped: ${hyperfine.status !== 0 ? 'hyperfine is not installed (apt-get install -y hyperfine)' : `${CLI} is missing (npm run build)`})`,
  );
} else {
  const store = path.join(work, 'cli-store');
  const env = { ...process.env, PROVDESK_PASSPHRASE: 'bench passphrase' };
  const made = spawnSync(
    process.execPath,
    [CLI, '--store', store, 'identity', 'create', '--name', 'Bench', '--email', 'bench@example.org'],
    { env, encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(made.stderr);
  const out = path.join(work, 'cli.zip');
  const json = path.join(work, 'hyperfine.json');
  const cmd = (extra: string) => `${process.execPath} ${CLI} --store ${store} pack ${dir} -o ${out}${extra}`;
  spawnSync(
    'hyperfine',
    [
      '--warmup',
      '1',
      '--runs',
      String(ROUNDS),
      '--prepare',
      `rm -f ${out}`,
      '--export-json',
      json,
      '-n',
      'provdesk pack',
      cmd(''),
      '-n',
      'provdesk pack --sign',
      cmd(' --sign'),
    ],
    { env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const results = (
    JSON.parse(readFileSync(json, 'utf8')) as {
      results: { command: string; median: number; mean: number; stddev: number }[];
    }
  ).results;
  console.log('\n| whole process (hyperfine) | median | mean ± sd |');
  console.log('| --- | ---: | ---: |');
  for (const r of results)
    console.log(
      `| ${r.command} | ${(r.median * 1000).toFixed(0)} ms${r === results[1] ? ` (${pct(r.median, results[0]!.median)})` : ''} | ${(r.mean * 1000).toFixed(0)} ± ${(r.stddev * 1000).toFixed(0)} ms |`,
    );
}
rmSync(work, { recursive: true, force: true });
