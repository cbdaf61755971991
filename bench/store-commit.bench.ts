// Durable commit latency of the sql.js store (fsync'd journal) against native SQLite (better-sqlite3,
// WAL, synchronous=FULL) doing the same audit appends in the same run, on logs of 100,000 entries;
// plus the time to open the store (snapshot + journal replay), to snapshot it, and to verify the chain.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendAudit, verifyChain } from '../src-main/core/audit/audit-log';
import { migration0001 } from '../src-main/core/store/migrations/0001-audit-log';
import { DEFAULT_SNAPSHOT_BYTES, type SqlValue, type Store, type Tx, openStore } from '../src-main/core/store/store';

const ENTRIES = 100_000;
const COMMITS = 3_000;
const BLOCK = 100; // the two engines alternate in blocks so machine noise hits both alike

const words = 'model data bundle replay metric license approval checksum crate payload tensor weights run'.split(' ');
function details(i: number): Record<string, unknown> {
  let note = '';
  while (note.length < 260) note += `${words[(i * 7 + note.length) % words.length]} `;
  return { index: i, bundle: randomBytes(32).toString('hex'), note: note.trim() }; // ~350 bytes as JSON
}
const input = (i: number) => ({
  actor: `user-${i % 17}`,
  action: i % 5 ? 'bundle.imported' : 'bundle.approved',
  subject: `bundle-${i}`,
  details: details(i),
});

/** better-sqlite3 behind the same Tx interface, so both engines run the identical appendAudit code. */
function nativeTx(db: Database.Database): Tx {
  const cache = new Map<string, Database.Statement>();
  const st = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  // better-sqlite3 binds JS numbers as REAL; FTS4 docids must be INTEGER (sql.js binds integers as such).
  const ints = (p: SqlValue[]) => p.map((v) => (typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v));
  return {
    run: (sql, p = []) => ({ changes: st(sql).run(...ints(p)).changes }),
    get: <T>(sql: string, p: SqlValue[] = []) => st(sql).get(...p) as T | undefined,
    all: <T>(sql: string, p: SqlValue[] = []) => st(sql).all(...p) as T[],
    iterate: (sql, p, onRow) => {
      for (const row of st(sql)
        .raw(true)
        .iterate(...(p ?? [])))
        onRow(row as SqlValue[]);
    },
    now: () => new Date(),
  };
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const median = (xs: number[]) => pct(xs, 50);
function timeIt(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return ms(t0);
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-bench-store-'));
try {
  console.log(
    `machine: ${os.cpus()[0]?.model ?? '?'} x${os.cpus().length} (nproc ${os.availableParallelism()}), node ${process.version}, ${new Date().toISOString()}`,
  );
  console.log(`tmp: ${root}`);

  // --- fill both with ENTRIES entries, 1,000 per transaction
  const dir = path.join(root, 'store');
  let store: Store = await openStore(dir, { snapshotJournalBytes: 1 << 30 });
  const fillStore = timeIt(() => {
    for (let b = 0; b < ENTRIES / 1000; b++)
      store.transaction((tx) => {
        for (let i = 0; i < 1000; i++) appendAudit(tx, input(b * 1000 + i));
      });
  });
  store.close(); // writes the snapshot
  const native = new Database(path.join(root, 'native.db'));
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = FULL');
  const ntx = nativeTx(native);
  native.transaction(() => migration0001.up(ntx))();
  const fillNative = timeIt(() => {
    for (let b = 0; b < ENTRIES / 1000; b++)
      native.transaction(() => {
        for (let i = 0; i < 1000; i++) appendAudit(ntx, input(b * 1000 + i));
      })();
  });
  const snapBytes = fs.statSync(
    path.join(
      dir,
      fs.readdirSync(dir).find((f) => f.startsWith('snapshot-'))!,
    ),
  ).size;
  console.log(
    `filled ${ENTRIES} entries: store ${fillStore.toFixed(0)} ms, native ${fillNative.toFixed(0)} ms; snapshot ${(snapBytes / 1e6).toFixed(1)} MB`,
  );

  // --- open (snapshot only)
  const openSnapshotOnly: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    const s = await openStore(dir, { snapshotOnClose: false });
    openSnapshotOnly.push(ms(t0));
    s.close();
  }

  // --- durable commits, one entry per transaction, alternating blocks
  store = await openStore(dir, { snapshotOnClose: false });
  const sqljs: number[] = [];
  const nat: number[] = [];
  let n = ENTRIES;
  const nativeCommit = native.transaction((i: number) => appendAudit(ntx, input(i)));
  for (let done = 0; done < COMMITS; done += BLOCK) {
    for (let i = 0; i < BLOCK; i++) {
      const t0 = process.hrtime.bigint();
      store.transaction((tx) => appendAudit(tx, input(n + i)));
      sqljs.push(ms(t0));
    }
    for (let i = 0; i < BLOCK; i++) {
      const t0 = process.hrtime.bigint();
      nativeCommit(n + i);
      nat.push(ms(t0));
    }
    n += BLOCK;
  }
  const journalBytes = store.info().journalBytes;
  store.close(); // no snapshot: the next open replays COMMITS journal records

  // --- open with a journal to replay, then the snapshot that folds it in
  /** Median of 3 opens (read-only, so the journal is left as it is for the next one). */
  async function timeOpen(): Promise<number> {
    const times: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = process.hrtime.bigint();
      const s = await openStore(dir, { readOnly: true });
      times.push(ms(t0));
      s.close();
    }
    return median(times);
  }
  const openWithJournal = await timeOpen();
  store = await openStore(dir, { snapshotOnClose: false });
  const snapshotMs = timeIt(() => store.snapshot());

  // --- the worst open: a journal grown to the default snapshot threshold after a crash
  store.close();
  store = await openStore(dir, { snapshotOnClose: false, snapshotJournalBytes: 1 << 30 });
  let fullJournalRecords = 0;
  for (; store.info().journalBytes < DEFAULT_SNAPSHOT_BYTES; fullJournalRecords++)
    store.transaction((tx) => appendAudit(tx, input(n++)));
  store.close();
  const openFullJournal = await timeOpen();
  store = await openStore(dir, { snapshotOnClose: false });

  // --- chain verification over all entries
  const verifyStore: number[] = [];
  const verifyNative: number[] = [];
  let entries = 0;
  for (let r = 0; r < 3; r++) {
    verifyStore.push(
      timeIt(() => {
        const rep = verifyChain(store);
        entries = rep.entries;
        if (!rep.valid) throw new Error('chain invalid');
      }),
    );
    verifyNative.push(
      timeIt(() => {
        if (!verifyChain(ntx).valid) throw new Error('native chain invalid');
      }),
    );
  }
  store.close();
  native.close();

  const f = (x: number) => `${x.toFixed(2)} ms`;
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  const commitsPerSnapshot = Math.round(DEFAULT_SNAPSHOT_BYTES / (journalBytes / COMMITS));
  console.log('');
  console.log(
    `| measure (log of ${ENTRIES.toLocaleString('en')} entries) | sql.js store | native SQLite (WAL, sync=FULL) | ratio | goal |`,
  );
  console.log('| --- | ---: | ---: | ---: | --- |');
  console.log(
    `| commit, median (${COMMITS} commits) | ${f(median(sqljs))} | ${f(median(nat))} | ${ratio(median(sqljs), median(nat))} | ≤ 3x native |`,
  );
  console.log(
    `| commit, p99 | ${f(pct(sqljs, 99))} | ${f(pct(nat, 99))} | ${ratio(pct(sqljs, 99), pct(nat, 99))} | < 50 ms |`,
  );
  console.log(`| commit, max | ${f(Math.max(...sqljs))} | ${f(Math.max(...nat))} | | |`);
  console.log(`| open: snapshot only (median of 3) | ${f(median(openSnapshotOnly))} | | | < 1 s |`);
  console.log(
    `| open: snapshot + replay ${COMMITS} journal records (${(journalBytes / 1e6).toFixed(1)} MB; median of 3) | ${f(openWithJournal)} | | | < 1 s |`,
  );
  console.log(
    `| open: snapshot + replay a full ${DEFAULT_SNAPSHOT_BYTES / 1048576} MiB journal (~${fullJournalRecords.toLocaleString('en')} records, after a crash; median of 3) | ${f(openFullJournal)} | | | |`,
  );
  console.log(
    `| snapshot write (${(snapBytes / 1e6).toFixed(0)} MB, every ~${commitsPerSnapshot.toLocaleString('en')} commits at ${DEFAULT_SNAPSHOT_BYTES / 1048576} MiB) | ${f(snapshotMs)} | | | |`,
  );
  console.log(
    `| verifyChain, ${entries.toLocaleString('en')} entries (median of 3) | ${f(median(verifyStore))} | ${f(median(verifyNative))} | ${ratio(median(verifyStore), median(verifyNative))} | < 1 s |`,
  );
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
