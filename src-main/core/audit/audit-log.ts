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
import type { ReadApi, Tx } from '../store/store';
import { chainHead, forEachChainRow, insertEntry, queryEntries } from '../store/repos/audit-repo';
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
 * so the change and its entry are committed together or not at all. Its time is the transaction's clock.
 */
export function appendAudit(tx: Tx, input: AuditInput): AuditEntry {
  for (const k of ['actor', 'action', 'subject'] as const) {
    if (typeof input[k] !== 'string' || input[k].length > LIMITS[k]) {
      throw new CodedError('invalid-request', `audit ${k} must be a string of at most ${LIMITS[k]} characters`);
    }
  }
  const detailsJson = canonicalJson(input.details ?? {});
  if (detailsJson.length > LIMITS.details) throw new CodedError('invalid-request', 'audit details are too large');
  const last = chainHead(tx);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const time = tx.now().toISOString();
  const hash = sha256Hex(entryHashInput(seq, time, input.actor, input.action, input.subject, detailsJson, prevHash));
  insertEntry(tx, {
    seq,
    time,
    actor: input.actor,
    action: input.action,
    subject: input.subject,
    detailsJson,
    prevHash,
    hash,
    searchable: searchableText(input.details ?? {}),
  });
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

/**
 * Words of the user's text as quoted FTS4 phrases, all required. Quoting keeps FTS syntax (NEAR, OR,
 * unbalanced quotes, column filters) in user input from being interpreted or failing.
 */
export function ftsMatchExpression(text: string): string | null {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, 32)
    .map((w) => `"${w}"`)
    .join(' ');
}

/** A page of entries, newest first, matching every filter given; `total` counts all matches. */
export function listAudit(db: ReadApi, query: AuditQuery | z.input<typeof auditQuerySchema> = {}): AuditPage {
  const parsed = auditQuerySchema.safeParse(query);
  if (!parsed.success)
    throw new CodedError(
      'invalid-request',
      `bad audit query: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const q = parsed.data;
  let match: string | undefined;
  if (q.text !== undefined) {
    const expression = ftsMatchExpression(q.text);
    if (expression === null) return { total: 0, entries: [] };
    match = expression;
  }
  return queryEntries(
    db,
    { actor: q.actor, action: q.action, subject: q.subject, from: q.from, to: q.to, match },
    { offset: q.offset, limit: q.limit },
  );
}

/**
 * Recomputes every entry's hash and link in seq order and names the first bad entry; a time earlier
 * than the previous entry's is a `clock-skew` warning. With a checkpoint, also checks that the entry
 * it names still exists with the same hash (a cut tail or a rewritten chain).
 */
export function verifyChain(
  db: ReadApi,
  options: { checkpoint?: Pick<Checkpoint, 'entries' | 'head'> } = {},
): ChainReport {
  const want = options.checkpoint?.entries;
  const { checker, hashes } = scanChain(db, want === undefined ? [] : [want]);
  if (options.checkpoint)
    checkAgainstCheckpoint(checker, options.checkpoint, hashes.get(options.checkpoint.entries) ?? null);
  return checker.report();
}

/**
 * One pass over the store's chain, keeping the stored hash of each entry in `seqs` (the ones checkpoints name).
 * With `after` (an entry already verified) only the entries after it are read, linked to its hash.
 */
export function scanChain(
  db: ReadApi,
  seqs: Iterable<number> = [],
  after?: { seq: number; hash: string },
): { checker: ChainChecker; hashes: Map<number, string> } {
  const checker = new ChainChecker(after);
  const wanted = new Set(seqs);
  const hashes = new Map<number, string>();
  forEachChainRow(db, after?.seq, ([seq, time, actor, action, subject, details, prev, hash]) => {
    checker.add(seq, time, prev, hash, sha256Hex(entryHashInput(seq, time, actor, action, subject, details, prev)));
    if (wanted.has(seq)) hashes.set(seq, hash);
  });
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
    checker.fail(
      n,
      'audit-tail-cut',
      `the checkpoint covers ${n} entries but entry #${n} is missing (the log was cut after #${checker.lastSeq})`,
    );
  } else if (hashAtCheckpoint !== checkpoint.head) {
    checker.fail(
      n,
      'checkpoint-head-mismatch',
      `entry #${n} does not have the hash the checkpoint recorded (the log was rewritten)`,
      {
        expected: checkpoint.head,
        actual: hashAtCheckpoint,
      },
    );
  }
}
