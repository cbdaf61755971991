// Audit export and kept checkpoints on a log of 100,000 entries (details ~350 bytes of JSON):
// - the app's export (exportAuditText: the log as one string + signed checkpoint) against the file export
//   (exportAudit: the same serialiser, chunked to disk, fsync'd), and the cost of turning the response into
//   the JSON the preview host sends (JSON.stringify) — the size that crosses IPC/HTTP;
// - verifying the store against 10 kept checkpoints (verifyStoreChain) against verifyChain alone.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportAudit, exportAuditText } from '../src-main/core/audit/audit-export';
import { appendAudit, verifyChain } from '../src-main/core/audit/audit-log';
import { importCheckpoint, verifyStoreChain } from '../src-main/core/audit/checkpoints';
import { checkpointSigners } from '../src-main/core/governance/checkpoint-signers';
import { openStore } from '../src-main/core/store/store';
import { unlockStoreKey } from '../src-main/core/audit/store-key';
import { scryptKeyProtector } from '../src-main/core/keys/key-protector';

const ENTRIES = 100_000;
const KEPT = 10;
const RUNS = 3;
const words = 'model data bundle replay metric license approval checksum crate payload tensor weights run'.split(' ');
function details(i: number): Record<string, unknown> {
  let note = '';
  while (note.length < 260) note += `${words[(i * 7 + note.length) % words.length]} `;
  return { index: i, bundle: randomBytes(32).toString('hex'), note: note.trim() };
}
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function timed<T>(fn: () => T): { ms: number; value: T } {
  globalThis.gc?.();
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { ms: ms(t0), value };
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-bench-audit-export-'));
try {
  console.log(
    `machine: ${os.cpus()[0]?.model ?? '?'} x${os.cpus().length} (nproc ${os.availableParallelism()}), node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${new Date().toISOString()}`,
  );
  const store = await openStore(path.join(root, 'store'), { snapshotOnClose: false });
  // once, as an export unlocks it once
  const key = await unlockStoreKey(store, scryptKeyProtector('bench passphrase'), 'bench');
  const per = 1000;
  const slice = Math.floor(ENTRIES / KEPT);
  for (let b = 0; b < ENTRIES / per; b++) {
    store.transaction((tx) => {
      for (let i = b * per; i < (b + 1) * per; i++)
        appendAudit(tx, {
          actor: `user-${i % 17}`,
          action: i % 5 ? 'bundle.imported' : 'bundle.approved',
          subject: `bundle-${i}`,
          details: details(i),
        });
    });
    // A checkpoint kept every tenth of the way, as if exported and imported back over time.
    if (((b + 1) * per) % slice === 0) {
      const r = importCheckpoint(
        store,
        exportAuditText(store, 'jsonl', key).checkpoint,
        'bench',
        checkpointSigners(store),
      );
      if (!r.imported) throw new Error(JSON.stringify(r.problems));
    }
  }
  const n = store.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log')!.n;
  console.log(`log: ${n} entries, ${KEPT} kept checkpoints`);

  const rows: string[][] = [];
  for (const format of ['jsonl', 'csv'] as const) {
    const file: number[] = [];
    const text: number[] = [];
    const json: number[] = [];
    let bytes = 0;
    let wire = 0;
    for (let r = 0; r < RUNS; r++) {
      file.push(timed(() => exportAudit(store, { format, file: path.join(root, `out.${format}`), key })).ms);
      const t = timed(() => exportAuditText(store, format, key));
      text.push(t.ms);
      bytes = Buffer.byteLength(t.value.content);
      const s = timed(() => JSON.stringify({ ok: true, value: { fileName: 'x', ...t.value } }));
      json.push(s.ms);
      wire = s.value.length;
    }
    rows.push([
      `export ${format} (${(bytes / 1e6).toFixed(1)} MB)`,
      'exportAudit to a file',
      `${median(file).toFixed(0)} ms`,
      `${median(text).toFixed(0)} ms`,
      `${(median(text) / median(file)).toFixed(2)}x`,
    ]);
    rows.push([
      `  + JSON of the response (${(wire / 1e6).toFixed(1)} MB)`,
      '',
      '',
      `${median(json).toFixed(0)} ms`,
      '',
    ]);
  }
  const plain: number[] = [];
  const kept: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    plain.push(timed(() => verifyChain(store)).ms);
    const k = timed(() => verifyStoreChain(store));
    if (!k.value.valid || k.value.checkpoints?.holding !== KEPT) throw new Error('the kept checkpoints should hold');
    kept.push(k.ms);
  }
  rows.push([
    `verify against ${KEPT} kept checkpoints`,
    'verifyChain alone',
    `${median(plain).toFixed(0)} ms`,
    `${median(kept).toFixed(0)} ms`,
    `${(median(kept) / median(plain)).toFixed(2)}x`,
  ]);
  console.log(
    `\n| measure (median of ${RUNS}) | baseline | baseline time | measured | ratio |\n| --- | --- | ---: | ---: | ---: |`,
  );
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  store.close();
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
