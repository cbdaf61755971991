// Tag files and memory (issue 13): peak RSS of verifying a valid bag with and without 20 extra tag files of 60 MiB
// (listed in its tag manifest; a 25 MB zip, ratio 50), each run in a fresh child process whose maxRSS is read. In
// the same run, the baseline: the same child reading every tag file into memory, as verification did before.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ATTACK, writeTagBombZip } from '../test/helpers/tag-bomb';

const root = process.cwd();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tag-files-bench-'));
const child = path.join(root, '.tmp', 'bench', 'verify-memory-child.mjs');
await build({
  entryPoints: [path.join(root, 'test/helpers/verify-memory-child.ts')],
  outfile: child,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

interface Run {
  ms: number;
  rssMb: number;
  valid: boolean;
}
function run(file: string, mode: string): Run {
  const out = spawnSync(process.execPath, [child, file, mode], {
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: tmp },
  });
  if (out.status !== 0) throw new Error(out.stderr);
  const r = JSON.parse(out.stdout) as { ms: number; maxRssBytes: number; valid: boolean };
  return { ms: r.ms, rssMb: r.maxRssBytes / 2 ** 20, valid: r.valid };
}

const REPS = Number(process.env.REPS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `machine: ${cpu}, nproc ${os.availableParallelism()}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, Node ${process.version}\n`,
);
try {
  const base = path.join(tmp, 'base.zip');
  const attack = path.join(tmp, 'attack.zip');
  writeTagBombZip(base, { ...ATTACK, extras: 0 });
  const made = writeTagBombZip(attack, ATTACK);
  console.log(
    `attack: ${ATTACK.extras} × ${ATTACK.extraBytes / 2 ** 20} MiB extra tag files, zip ${(made.zipBytes / 1e6).toFixed(1)} MB, ratio ${made.ratio.toFixed(0)}\n`,
  );
  console.log('| bag | mode | peak RSS (median) | runs (MB) | time (median) | valid |');
  console.log('| --- | --- | ---: | --- | ---: | --- |');
  for (const [name, file, mode] of [
    ['without extra tag files', base, 'verify'],
    ['with them', attack, 'verify'],
    ['with them', attack, 'stage'],
    ['with them', attack, 'whole'],
  ] as const) {
    run(file, mode); // warm-up
    const rs = Array.from({ length: REPS }, () => run(file, mode));
    const label =
      mode === 'whole'
        ? 'reading every tag file whole (baseline, the old way)'
        : mode === 'stage'
          ? 'verify + stage (import)'
          : 'verify';
    console.log(
      `| ${name} | ${label} | ${median(rs.map((r) => r.rssMb)).toFixed(0)} MB | ${rs.map((r) => r.rssMb.toFixed(0)).join(', ')} | ${median(rs.map((r) => r.ms)).toFixed(0)} ms | ${rs.every((r) => r.valid)} |`,
    );
  }
  console.log(
    `\nload average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
