// Opening a store of 100,000 audit entries (details ~350 bytes of JSON) with and without the chain check
// from the verified-through mark (issue 13):
// - openStore alone, against openStore + verifyChainOnOpen on an unchanged store (the mark at the head),
//   against openStore + a full verifyChain (what checking everything on every open would cost);
// - the mark's own cost in parts (its entry, the count of entries up to it), 1,000 new entries since the
//   mark, an entry edited 1,000 below the head (the check restarts below it), and the first open after the
//   migration (the mark at 0: every entry once).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendAudit, verifyChain } from '../src-main/core/audit/audit-log';
import { checkChainFromMark, verifyChainOnOpen } from '../src-main/core/audit/chain-mark';
import { openStore, type Store } from '../src-main/core/store/store';

const ENTRIES = 100_000;
const RUNS = 9;
const words = 'model data bundle replay metric license approval checksum crate payload tensor weights run'.split(' ');
function details(i: number): Record<string, unknown> {
  let note = '';
  while (note.length < 260) note += `${words[(i * 7 + note.length) % words.length]} `;
  return { index: i, bundle: randomBytes(32).toString('hex'), note: note.trim() };
}
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

async function timedOpen(dir: string, after: (s: Store) => void): Promise<number> {
  globalThis.gc?.();
  const t0 = process.hrtime.bigint();
  const s = await openStore(dir, { snapshotOnClose: false });
  after(s);
  const t = ms(t0);
  s.close();
  return t;
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-bench-audit-open-'));
try {
  console.log(
    `machine: ${os.cpus()[0]?.model ?? '?'} x${os.cpus().length} (nproc ${os.availableParallelism()}), node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${new Date().toISOString()}`,
  );
  const dir = path.join(root, 'store');
  const seed = await openStore(dir);
  for (let b = 0; b < ENTRIES / 1000; b++) {
    seed.transaction((tx) => {
      for (let i = b * 1000; i < (b + 1) * 1000; i++)
        appendAudit(tx, {
          actor: `user-${i % 17}`,
          action: i % 5 ? 'bundle.imported' : 'bundle.approved',
          subject: `bundle-${i}`,
          details: details(i),
        });
    });
  }
  seed.close(); // a snapshot: every open below reads it, not a journal
  console.log(
    `log: ${ENTRIES} entries; store ${(fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0) / 2 ** 20).toFixed(0)} MiB`,
  );

  // First open after the migration: the mark at 0, every entry checked once (it then moves to the head).
  const first = await timedOpen(dir, (s) => verifyChainOnOpen(s));
  {
    const s = await openStore(dir, { snapshotOnClose: true });
    s.close();
  } // the moved mark into the snapshot

  const rows: [string, number][] = [];
  const series = async (name: string, after: (s: Store) => void) => {
    const xs: number[] = [];
    for (let r = 0; r < RUNS; r++) xs.push(await timedOpen(dir, after));
    rows.push([name, median(xs)]);
  };
  await series('openStore alone', () => {});
  const inOpen: number[] = [];
  await series('openStore + check from the mark (unchanged store)', (s) => {
    const c = verifyChainOnOpen(s);
    if (!c.valid || c.moved || c.checked !== 0) throw new Error(JSON.stringify(c));
    inOpen.push(c.ms);
  });
  rows.push(['  the check itself, as timed inside those opens', median(inOpen)]);
  const full = rows.length;
  await series('openStore + full verifyChain', (s) => {
    if (!verifyChainOnOpen(s).valid || !verifyChain(s).valid) throw new Error('invalid');
  });

  await series('openStore alone, again (run-to-run noise)', () => {});

  // The parts of the unchanged check, in one open store.
  const s = await openStore(dir, { snapshotOnClose: false });
  const part = (name: string, fn: () => unknown) => {
    const xs: number[] = [];
    for (let r = 0; r < 20; r++) {
      const t0 = process.hrtime.bigint();
      fn();
      xs.push(ms(t0));
    }
    rows.push([name, median(xs)]);
  };
  part('  check from the mark, store open (unchanged)', () => checkChainFromMark(s));
  part('  its count of entries (smallest index)', () => s.get('SELECT count(*) AS n FROM audit_log'));
  part('  (a count with a seq range instead: the table)', () =>
    s.get('SELECT count(*) AS n FROM audit_log WHERE seq BETWEEN 1 AND ?', [ENTRIES]),
  );
  part('  its entry at the mark', () => s.get('SELECT hash FROM audit_log WHERE seq = ?', [ENTRIES]));
  part('  full verifyChain, store open', () => verifyChain(s));
  for (let i = 0; i < 1000; i++)
    s.transaction((tx) =>
      appendAudit(tx, { actor: 'kim', action: 'bundle.import', subject: `new-${i}`, details: details(i) }),
    );
  part('  1,000 entries new since the mark', () => checkChainFromMark(s));
  s.transaction((tx) => tx.run(`UPDATE audit_log SET subject = 'edited' WHERE seq = ?`, [ENTRIES - 1000]));
  let firstBad: number | null = null;
  part('  an entry edited 1,000 below the mark', () => (firstBad = checkChainFromMark(s).firstBadSeq));
  if (firstBad !== ENTRIES - 1000) throw new Error(`first bad ${firstBad}`);
  s.close();

  console.log(`first open after the migration (every entry checked once, the mark moved): ${fmt(first)} ms`);
  for (const [name, t] of rows) console.log(`${name.padEnd(56)} ${fmt(t).padStart(8)} ms`);
  const base = rows[0]![1];
  console.log(
    `check from the mark adds ${fmt(rows[1]![1] - base)} ms to the open (${(((rows[1]![1] - base) / base) * 100).toFixed(1)}%); a full check adds ${fmt(rows[full]![1] - base)} ms`,
  );
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
