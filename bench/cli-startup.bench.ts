// CLI startup (issue 16): `provdesk --help` and `provdesk verify` on a small bag against a bare `node -e 0`, whole
// processes side by side with hyperfine (`npm run build` first: it runs dist/node/provdesk.mjs). The bag is the shipped
// sample (12 files, 11 KiB), unsigned, and the same bag signed (its signature is judged under the store's keys, so
// that run loads the store: sql.js and the governance modules). The target: within 2x of `node -e 0`.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keyIdOfPublicKey } from '../src-main/core/governance/ed25519-keys';
import { addAuthorship } from '../test/helpers/sign-zip';

const RUNS = Number(process.env.RUNS ?? 30);
const root = process.cwd();
// PROVDESK_CLI: a copy of the built CLI (dist/node/provdesk.mjs, cli/, cli-fast.cjs and its .cache) that no concurrent
// build replaces
const cli = process.env.PROVDESK_CLI ?? path.join(root, 'dist/node/provdesk.mjs');
const sample = path.join(root, 'assets/samples/iris-logreg.bundle.zip');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cli-startup-'));
const signed = path.join(tmp, 'signed.zip');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
await addAuthorship(sample, signed, {
  name: 'Bench',
  email: 'bench@example.org',
  keyId: keyIdOfPublicKey(publicKey),
  privateKey,
});

const env = { ...process.env, PROVDESK_STORE: path.join(tmp, 'store') };
const commands: [string, string][] = [
  ['provdesk --help', `node ${cli} --help`],
  ['provdesk verify (unsigned)', `node ${cli} verify ${sample}`],
  ['provdesk verify (signed)', `node ${cli} verify ${signed}`],
  ['node -e 0', 'node -e 0'],
];
const out = path.join(tmp, 'hf.json');
const run = spawnSync(
  'hyperfine',
  [
    '-N',
    '--warmup',
    '3',
    '--runs',
    String(RUNS),
    '--export-json',
    out,
    '--style',
    'none',
    ...commands.flatMap(([name]) => ['-n', name]),
    ...commands.map(([, cmd]) => cmd),
  ],
  { env, stdio: ['ignore', 'ignore', 'inherit'] },
);
if (run.status !== 0) throw new Error(`hyperfine failed (${run.status ?? run.error?.message})`);
type Result = { command: string; mean: number; stddev: number; median: number; user: number; system: number };
const results = (JSON.parse(readFileSync(out, 'utf8')) as { results: Result[] }).results;
const base = results[results.length - 1]!;
const load = os.loadavg().map((l) => l.toFixed(2));
console.log(`${os.cpus()[0]?.model ?? '?'} x${os.availableParallelism()}, load average ${load.join(' ')} at the end`);
for (const r of results) {
  const cpu = r.user + r.system;
  const baseCpu = base.user + base.system;
  console.log(
    `  ${r.command.padEnd(28)} wall ${(r.mean * 1000).toFixed(0).padStart(5)} ms ± ${(r.stddev * 1000).toFixed(0)}` +
      ` (median ${(r.median * 1000).toFixed(0)}), ratio ${(r.mean / base.mean).toFixed(2)};` +
      ` cpu ${(cpu * 1000).toFixed(0).padStart(5)} ms, ratio ${(cpu / baseCpu).toFixed(2)}`,
  );
}
rmSync(tmp, { recursive: true, force: true });
