import fs from 'node:fs';
import type { SqlJsStatic } from 'sql.js';
import { CodedError } from '../../common/result';
import { type JournalRecord, scanJournal } from './journal';
import { SqlDb } from './sql-db';
import { decodeParams } from './sql-params';
import { journalFile, listGenerations, readSnapshot, snapshotFile } from './snapshot';

export interface LoadedState {
  sql: SqlDb;
  /** Generation of the snapshot loaded (0 = the empty database before any snapshot). */
  baseGen: number;
  /** Seq of the last journal record applied. */
  txnSeq: number;
  /** Highest generation number seen on disk; a new snapshot takes the next one. */
  maxGen: number;
  /** The journal to append to, with the length of its good prefix (null: create it). */
  active: { gen: number; validBytes: number } | null;
  replayed: number;
  recovery: { recovered: true; detail: string; skippedSnapshots: number[]; lost: boolean } | null;
  /** Files found damaged; a writable open moves them aside as *.corrupt. */
  damaged: string[];
}

/** Applies one journal record exactly as it was run when committed. */
export function applyRecord(sql: SqlDb, record: JournalRecord): void {
  for (const [text, params] of record.statements) sql.run(text, params ? decodeParams(params) : undefined);
}

/**
 * Loads the newest valid snapshot and replays the journals from its generation on, record by record,
 * requiring each seq to follow the last. A torn frame at the end of the newest journal was never
 * acknowledged and is dropped silently; anything else skipped is reported as a recovery.
 */
export function loadState(dir: string, SQL: SqlJsStatic): LoadedState {
  const gens = listGenerations(dir);
  const maxGen = Math.max(0, ...gens.snapshots, ...gens.journals);
  const skipped: { gen: number; reason: string }[] = [];
  const damaged: string[] = [];
  let base: { gen: number; txnSeq: number; image: Uint8Array | null } | null = null;
  for (const gen of [...gens.snapshots].reverse()) {
    const read = readSnapshot(snapshotFile(dir, gen), gen);
    if (read.ok) {
      base = { gen, txnSeq: read.header.txnSeq, image: read.image };
      break;
    }
    skipped.push({ gen, reason: read.reason });
    damaged.push(snapshotFile(dir, gen));
  }
  if (!base) {
    const journal0Usable = gens.journals.length === 0 || gens.journals[0] === 0;
    if (skipped.length > 0 && !journal0Usable) {
      throw new CodedError(
        'io-error',
        `the store at ${dir} has no usable snapshot: ${skipped.map((s) => `snapshot-${s.gen}: ${s.reason}`).join('; ')}`,
        { dir, skipped },
      );
    }
    base = { gen: 0, txnSeq: 0, image: null };
  }

  const sql = new SqlDb(new SQL.Database(base.image));
  let txnSeq = base.txnSeq;
  let replayed = 0;
  let lost = false;
  const notes: string[] = [];
  const journals = gens.journals.filter((g) => g >= base.gen);
  const lastJournal = journals[journals.length - 1];
  let active: LoadedState['active'] = null;
  sql.exec('BEGIN');
  for (const gen of journals) {
    if (lost) break; // nothing after a gap can be applied in order
    const file = journalFile(dir, gen);
    const scan = scanJournal(fs.readFileSync(file), gen);
    for (const record of scan.records) {
      if (record.seq <= txnSeq) continue;
      if (record.seq !== txnSeq + 1) {
        notes.push(`journal-${gen} continues at transaction ${record.seq} but ${txnSeq + 1} is missing`);
        lost = true;
        break;
      }
      try {
        applyRecord(sql, record);
      } catch (e) {
        sql.close();
        throw new CodedError(
          'io-error',
          `journal-${gen} transaction ${record.seq} does not replay: ${(e as Error).message}`,
          { dir },
        );
      }
      txnSeq = record.seq;
      replayed++;
    }
    const isLast = gen === lastJournal;
    if (scan.stop && (scan.stop.midFile || !isLast || !scan.headerOk)) {
      notes.push(`journal-${gen} is damaged at byte ${scan.stop.offset} (${scan.stop.reason})`);
      damaged.push(file);
      if (isLast && scan.stop.midFile) lost = true; // acknowledged frames followed the damage
    }
    if (isLast && scan.headerOk && !lost) active = { gen, validBytes: scan.validBytes };
  }
  sql.exec('COMMIT');

  if (lost && replayed === 0 && base.gen === 0 && skipped.length > 0) {
    throw new CodedError('io-error', `the store at ${dir} cannot be recovered: ${notes.join('; ')}`, { dir });
  }
  let recovery: LoadedState['recovery'] = null;
  if (skipped.length > 0 || notes.length > 0) {
    const from = base.image ? `snapshot-${base.gen}` : 'an empty database';
    const parts = [
      ...skipped.map((s) => `snapshot-${s.gen} is unusable (${s.reason})`),
      ...notes,
      `recovered from ${from} plus ${replayed} journaled transactions up to #${txnSeq}`,
      lost
        ? 'some acknowledged transactions after that could not be recovered'
        : 'no acknowledged transaction was lost',
    ];
    recovery = { recovered: true, detail: parts.join('; '), skippedSnapshots: skipped.map((s) => s.gen), lost };
  }
  return { sql, baseGen: base.gen, txnSeq, maxGen, active, replayed, recovery, damaged };
}
