import { z } from 'zod';
import { auditEntrySchema, type ListedAuditEntry } from '../../../common/schemas/audit';
import type { ChainMark } from '../../../common/schemas/chain-mark';
import type { SqlValue } from '../sql-params';
import type { ReadApi, Tx } from '../store-api';

/**
 * The hash-chained audit log (`audit_log`, its full-text index `audit_fts`) and the verified-through mark
 * (`audit_verified`, kept by migration 0011's triggers). Hashing and checking live in core/audit.
 */

/** The last entry's seq and hash (the chain's head), or null for an empty log. */
export function chainHead(db: ReadApi): { seq: number; hash: string } | null {
  return db.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1') ?? null;
}

/** The stored hash of entry `seq`, or undefined when there is no such entry. */
export function entryHash(db: ReadApi, seq: number): string | undefined {
  return db.get<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = ?', [seq])?.hash;
}

/** The lowest seq in the log (1 unless entries were cut from its start), or undefined for an empty log. */
export function firstSeq(db: ReadApi): number | undefined {
  return db.get<{ seq: number }>('SELECT seq FROM audit_log ORDER BY seq LIMIT 1')?.seq;
}

/** A bare count(*): answered from the smallest index (under a millisecond at 100,000 entries). */
export function countEntries(db: ReadApi): number {
  return db.get<{ n: number }>('SELECT count(*) AS n FROM audit_log')?.n ?? 0;
}

/** One entry as hashed, with the values the full-text index searches. */
export interface EntryRow {
  seq: number;
  time: string;
  actor: string;
  action: string;
  subject: string;
  detailsJson: string;
  prevHash: string;
  hash: string;
  searchable: string;
}

export function insertEntry(tx: Tx, e: EntryRow): void {
  tx.run(
    `INSERT INTO audit_log (seq, time, actor, action, subject, details_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [e.seq, e.time, e.actor, e.action, e.subject, e.detailsJson, e.prevHash, e.hash],
  );
  tx.run(`INSERT INTO audit_fts (docid, action, subject, details) VALUES (?, ?, ?, ?)`, [
    e.seq,
    e.action,
    e.subject,
    e.searchable,
  ]);
}

const COLUMNS = 'seq, time, actor, action, subject, details_json, prev_hash, hash';
const CHAIN_SQL = `SELECT ${COLUMNS} FROM audit_log ORDER BY seq`;
const CHAIN_AFTER_SQL = `SELECT ${COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq`;

/** An entry's columns in table order: seq, time, actor, action, subject, details_json, prev_hash, hash. */
export type ChainRow = [number, string, string, string, string, string, string, string];

/**
 * Every entry in seq order (after `afterSeq` when given) as raw columns, for hashing: the chain check and the
 * export read 100,000 entries, so rows are neither parsed nor kept. With `afterSeq` absent the whole table is read
 * without a WHERE, so an entry with a seq of 0 or below is seen too.
 */
export function forEachChainRow(db: ReadApi, afterSeq: number | undefined, onRow: (row: ChainRow) => void): void {
  const each = onRow as (row: SqlValue[]) => void;
  if (db.iterate) {
    if (afterSeq !== undefined) db.iterate(CHAIN_AFTER_SQL, [afterSeq], each);
    else db.iterate(CHAIN_SQL, undefined, each);
    return;
  }
  // Keyset pages keep memory flat on a ReadApi without row iteration.
  let from = afterSeq ?? Number.MIN_SAFE_INTEGER;
  for (;;) {
    const page = db.all<Record<string, SqlValue>>(`${CHAIN_AFTER_SQL} LIMIT 5000`, [from]);
    for (const r of page) each(Object.values(r));
    if (page.length < 5000) break;
    from = page[page.length - 1]!['seq'] as number;
  }
}

export interface EntryFilter {
  actor?: string;
  action?: string;
  subject?: string;
  from?: string; // time >= from
  to?: string; // time < to
  match?: string; // an FTS4 MATCH expression over action, subject and the details' values
}

// Entries are shown as stored, tampered or not: the chain check judges them, so the seq and hashes are not held to
// their well-formed shapes here.
const storedEntrySchema = auditEntrySchema.extend({
  seq: z.number().int(),
  prevHash: z.string(),
  hash: z.string(),
  subjectName: z.string().nullable().optional(),
});

interface AuditRow {
  subject_name?: string | null;
  seq: number;
  time: string;
  actor: string;
  action: string;
  subject: string;
  details_json: string;
  prev_hash: string;
  hash: string;
}

/** A page of entries matching every filter, newest first; `total` counts all matches. */
export function queryEntries(
  db: ReadApi,
  filter: EntryFilter,
  page: { offset: number; limit: number },
): { total: number; entries: ListedAuditEntry[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (clause: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(clause);
    params.push(value);
  };
  add('actor = ?', filter.actor);
  add('action = ?', filter.action);
  add('subject = ?', filter.subject);
  add('time >= ?', filter.from);
  add('time < ?', filter.to);
  add('seq IN (SELECT docid FROM audit_fts WHERE audit_fts MATCH ?)', filter.match);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.get<{ n: number }>(`SELECT count(*) AS n FROM audit_log ${clause}`, params)?.n ?? 0;
  // The log comes first (migration 1); bundle names only once the bundles table exists (a store at an early schema in
  // tests).
  const named = db.get("SELECT 1 AS y FROM sqlite_master WHERE type = 'table' AND name = 'bundles'") !== undefined;
  const subjectName = named ? '(SELECT b.name FROM bundles b WHERE b.digest = audit_log.subject)' : 'NULL';
  const rows = db.all<AuditRow>(
    `SELECT ${COLUMNS}, ${subjectName} AS subject_name FROM audit_log ${clause} ORDER BY seq DESC LIMIT ? OFFSET ?`,
    [...params, page.limit, page.offset],
  );
  return {
    total,
    entries: rows.map((r) =>
      storedEntrySchema.parse({
        seq: r.seq,
        time: r.time,
        actor: r.actor,
        action: r.action,
        subject: r.subject,
        details: JSON.parse(r.details_json),
        prevHash: r.prev_hash,
        hash: r.hash,
        ...(r.subject_name ? { subjectName: r.subject_name } : {}),
      }),
    ),
  };
}

/** Every distinct actor and action in the log, sorted (at most 1,000 of each): what the audit filters offer. */
export function auditFacets(db: ReadApi): { actors: string[]; actions: string[] } {
  const distinct = (column: 'actor' | 'action') =>
    db
      .all<{ v: string }>(`SELECT DISTINCT ${column} AS v FROM audit_log ORDER BY ${column} COLLATE NOCASE LIMIT 1000`)
      .map((r) => z.string().parse(r.v));
  return { actors: distinct('actor'), actions: distinct('action') };
}

// As stored: a mark edited out of shape must still be read, so the check can say it does not hold.
const markRowSchema = z.object({
  through_seq: z.number().int(),
  through_hash: z.string(),
  verified_at: z.string().nullable(),
  touched_seq: z.number().int().nullable(),
});

/**
 * The verified-through mark (the last entry a check verified: seq, hash and when) and `touched`, the lowest entry
 * written at or below it since (set by triggers); null when the row is missing.
 */
export function readChainMark(db: ReadApi): { mark: ChainMark; touched: number | null } | null {
  const row = db.get('SELECT through_seq, through_hash, verified_at, touched_seq FROM audit_verified WHERE id = 1');
  if (!row) return null;
  const r = markRowSchema.parse(row);
  return { mark: { seq: r.through_seq, hash: r.through_hash, verifiedAt: r.verified_at }, touched: r.touched_seq };
}

/** Moves the mark to `head`, verified now by the transaction's clock, and clears `touched`. */
export function moveChainMark(tx: Tx, head: { seq: number; hash: string }): void {
  tx.run(
    'UPDATE audit_verified SET through_seq = ?, through_hash = ?, verified_at = ?, touched_seq = NULL WHERE id = 1',
    [head.seq, head.hash, tx.now().toISOString()],
  );
}
