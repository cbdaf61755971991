import {
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
  type ChainReport,
  type Checkpoint,
  auditQuerySchema,
} from '../../common/schemas/audit';
import type { z } from 'zod';
import { CodedError } from '../../common/result';
import type { ReadApi, SqlValue, Tx } from '../store/store';
import { ChainChecker, GENESIS_HASH, entryHashInput, sha256Hex } from './audit-chain';
import { canonicalJson } from './canonical-json';

export interface AuditInput {
  actor: string;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

const LIMITS = { actor: 200, action: 200, subject: 2000, details: 256 * 1024 };

/**
 * Appends one entry to the hash chain. Call it inside the transaction that makes the change it records,
 * so the change and its entry are committed together or not at all.
 */
export function appendAudit(tx: Tx, input: AuditInput, now?: Date): AuditEntry {
  for (const k of ['actor', 'action', 'subject'] as const) {
    if (typeof input[k] !== 'string' || input[k].length > LIMITS[k]) {
      throw new CodedError('invalid-request', `audit ${k} must be a string of at most ${LIMITS[k]} characters`);
    }
  }
  const detailsJson = canonicalJson(input.details ?? {});
  if (detailsJson.length > LIMITS.details) throw new CodedError('invalid-request', 'audit details are too large');
  const last = tx.get<{ seq: number; hash: string }>(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const time = (now ?? (tx.now ? tx.now() : new Date())).toISOString();
  const hash = sha256Hex(entryHashInput(seq, time, input.actor, input.action, input.subject, detailsJson, prevHash));
  tx.run(
    `INSERT INTO audit_log (seq, time, actor, action, subject, details_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [seq, time, input.actor, input.action, input.subject, detailsJson, prevHash, hash],
  );
  tx.run(`INSERT INTO audit_fts (docid, action, subject, details) VALUES (?, ?, ?, ?)`, [
    seq,
    input.action,
    input.subject,
    searchableText(input.details ?? {}),
  ]);
  return {
    seq,
    time,
    actor: input.actor,
    action: input.action,
    subject: input.subject,
    details: JSON.parse(detailsJson) as Record<string, unknown>,
    prevHash,
    hash,
  };
}

/** The values in details (not its keys, which every entry of a kind shares), for the full-text index. */
export function searchableText(value: unknown, out: string[] = []): string {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) searchableText(v, out);
  return out.join(' ');
}

interface AuditRow {
  seq: number;
  time: string;
  actor: string;
  action: string;
  subject: string;
  details_json: string;
  prev_hash: string;
  hash: string;
}

export function rowToEntry(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    time: r.time,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    details: JSON.parse(r.details_json) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * Words of the user's text as quoted FTS4 phrases, all required. Quoting keeps FTS syntax (NEAR, OR,
 * unbalanced quotes, column filters) in user input from being interpreted or failing.
 */
export function ftsMatchExpression(text: string): string | null {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.slice(0, 32).map((w) => `"${w}"`).join(' ');
}

/** A page of entries, newest first, matching every filter given; `total` counts all matches. */
export function listAudit(db: ReadApi, query: AuditQuery | z.input<typeof auditQuerySchema> = {}): AuditPage {
  const parsed = auditQuerySchema.safeParse(query);
  if (!parsed.success) throw new CodedError('invalid-request', `bad audit query: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const q = parsed.data;
  const where: string[] = [];
  const params: SqlValue[] = [];
  const filter = (clause: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(clause);
    params.push(value);
  };
  filter('actor = ?', q.actor);
  filter('action = ?', q.action);
  filter('subject = ?', q.subject);
  filter('time >= ?', q.from);
  filter('time < ?', q.to);
  if (q.text !== undefined) {
    const match = ftsMatchExpression(q.text);
    if (match === null) return { total: 0, entries: [] };
    where.push('seq IN (SELECT docid FROM audit_fts WHERE audit_fts MATCH ?)');
    params.push(match);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.get<{ n: number }>(`SELECT count(*) AS n FROM audit_log ${clause}`, params)?.n ?? 0;
  const rows = db.all<AuditRow>(
    `SELECT seq, time, actor, action, subject, details_json, prev_hash, hash FROM audit_log ${clause} ORDER BY seq DESC LIMIT ? OFFSET ?`,
    [...params, q.limit, q.offset],
  );
  return { total, entries: rows.map(rowToEntry) };
}

const CHAIN_SQL = `SELECT seq, time, actor, action, subject, details_json, prev_hash, hash FROM audit_log ORDER BY seq`;

/**
 * Recomputes every entry's hash and link in seq order and names the first bad entry; a time earlier
 * than the previous entry's is a `clock-skew` warning. With a checkpoint, also checks that the entry
 * it names still exists with the same hash (a cut tail or a rewritten chain).
 */
export function verifyChain(db: ReadApi, options: { checkpoint?: Pick<Checkpoint, 'entries' | 'head'> } = {}): ChainReport {
  const want = options.checkpoint?.entries;
  const { checker, hashes } = scanChain(db, want === undefined ? [] : [want]);
  if (options.checkpoint) checkAgainstCheckpoint(checker, options.checkpoint, hashes.get(options.checkpoint.entries) ?? null);
  return checker.report();
}

/**
 * One pass over the store's chain, keeping the stored hash of each entry in `seqs` (the ones checkpoints name).
 * With `after` (an entry already verified) only the entries after it are read, linked to its hash.
 */
export function scanChain(db: ReadApi, seqs: Iterable<number> = [], after?: { seq: number; hash: string }): { checker: ChainChecker; hashes: Map<number, string> } {
  const checker = new ChainChecker(after);
  const wanted = new Set(seqs);
  const hashes = new Map<number, string>();
  const onRow = (r: SqlValue[]) => {
    const seq = r[0] as number;
    const time = r[1] as string;
    const prev = r[6] as string;
    const hash = r[7] as string;
    const input = entryHashInput(seq, time, r[2] as string, r[3] as string, r[4] as string, r[5] as string, prev);
    checker.add(seq, time, prev, hash, sha256Hex(input));
    if (wanted.has(seq)) hashes.set(seq, hash);
  };
  if (db.iterate) {
    // The whole chain is read without a WHERE, so an entry with a seq of 0 or below is seen too.
    if (after) db.iterate(CHAIN_SQL.replace('ORDER BY', 'WHERE seq > ? ORDER BY'), [after.seq], onRow);
    else db.iterate(CHAIN_SQL, undefined, onRow);
  } else {
    // Keyset pages keep memory flat on a ReadApi without row iteration.
    let from = after?.seq ?? Number.MIN_SAFE_INTEGER;
    for (;;) {
      const page = db.all<AuditRow>(`${CHAIN_SQL.replace('ORDER BY', 'WHERE seq > ? ORDER BY')} LIMIT 5000`, [from]);
      for (const r of page) onRow([r.seq, r.time, r.actor, r.action, r.subject, r.details_json, r.prev_hash, r.hash]);
      if (page.length < 5000) break;
      from = page[page.length - 1]!.seq;
    }
  }
  return { checker, hashes };
}

export function checkAgainstCheckpoint(
  checker: ChainChecker,
  checkpoint: Pick<Checkpoint, 'entries' | 'head'>,
  hashAtCheckpoint: string | null,
): void {
  const n = checkpoint.entries;
  if (n === 0) return;
  if (hashAtCheckpoint === null) {
    checker.fail(n, 'audit-tail-cut', `the checkpoint covers ${n} entries but entry #${n} is missing (the log was cut after #${checker.lastSeq})`);
  } else if (hashAtCheckpoint !== checkpoint.head) {
    checker.fail(n, 'checkpoint-head-mismatch', `entry #${n} does not have the hash the checkpoint recorded (the log was rewritten)`, {
      expected: checkpoint.head,
      actual: hashAtCheckpoint,
    });
  }
}
