import { hash as oneShotHash } from 'node:crypto';
import type { ChainReport } from '../../common/schemas/audit';
import type { Problem } from '../../common/problem';
import type { AuditCode } from '../../common/problem-codes';

export const GENESIS_HASH = '0'.repeat(64);
const MAX_PROBLEMS = 100;

/**
 * The hashed form of an entry: canonical JSON of {action, actor, details, prevHash, seq, subject, time}
 * (keys sorted), with `detailsJson` already canonical. Built by concatenation so verifying 100,000
 * entries does not build 100,000 objects.
 */
export function entryHashInput(
  seq: number,
  time: string,
  actor: string,
  action: string,
  subject: string,
  detailsJson: string,
  prevHash: string,
): string {
  return (
    `{"action":${JSON.stringify(action)},"actor":${JSON.stringify(actor)},"details":${detailsJson},` +
    `"prevHash":${JSON.stringify(prevHash)},"seq":${seq},"subject":${JSON.stringify(subject)},"time":${JSON.stringify(time)}}`
  );
}

/** One-shot hashing: about 40% faster than createHash() for entry-sized inputs. */
export function sha256Hex(text: string): string {
  return oneShotHash('sha256', text, 'hex');
}

/**
 * Checks entries fed in seq order (THREATS 25, 27). Each entry must carry the next seq, link to the
 * previous entry's stored hash and hash to its own stored hash. Linking to the stored (not recomputed)
 * hash keeps one edit from being reported again at every later entry.
 */
export class ChainChecker {
  private count = 0;
  private expectedSeq: number;
  private prevHash: string;
  private prevTime: string | null = null;
  private firstBad: number | null = null;
  private readonly problems: Problem[] = [];
  private readonly warnings: Problem[] = [];

  /** `after`: the entry the check continues from (already verified), for checking only what follows it. */
  constructor(after: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }) {
    this.expectedSeq = after.seq + 1;
    this.prevHash = after.hash;
  }

  /** `computedHash` is the hash recomputed from the entry's content; `hash` the one stored with it. */
  add(seq: number, time: string, prevHash: string, hash: string, computedHash: string): void {
    this.count++;
    if (seq !== this.expectedSeq) {
      if (seq > this.expectedSeq) {
        const missing = seq - 1 === this.expectedSeq ? `#${this.expectedSeq}` : `#${this.expectedSeq}-#${seq - 1}`;
        this.problem(this.expectedSeq, 'audit-entry-missing', `audit entry ${missing} is missing (deleted)`);
      } else {
        this.problem(
          seq,
          'audit-entry-out-of-order',
          `audit entry #${seq} appears after #${this.expectedSeq - 1} (reordered or duplicated)`,
        );
      }
    } else if (computedHash !== hash) {
      this.problem(
        seq,
        'audit-entry-altered',
        `audit entry #${seq} does not match its hash (edited)`,
        hash,
        computedHash,
      );
    } else if (prevHash !== this.prevHash) {
      this.problem(
        seq,
        'audit-chain-broken',
        `audit entry #${seq} does not link to the entry before it (an earlier entry was rewritten, or #${seq} was inserted or moved)`,
        this.prevHash,
        prevHash,
      );
    }
    if (this.prevTime !== null && isEarlier(time, this.prevTime)) {
      this.warnings.push({
        code: 'clock-skew',
        message: `audit entry #${seq} is timed ${time}, before the previous entry (${this.prevTime}); order follows the sequence number`,
        seq,
      });
    }
    this.expectedSeq = Math.max(this.expectedSeq, seq + 1);
    this.prevHash = hash;
    this.prevTime = time;
  }

  private problem(seq: number, code: AuditCode, message: string, expected?: string, actual?: string): void {
    this.firstBad ??= seq;
    if (this.problems.length >= MAX_PROBLEMS) return;
    const p: Problem = { code, message, seq };
    if (expected !== undefined) p.expected = expected;
    if (actual !== undefined) p.actual = actual;
    this.problems.push(p);
  }

  /** Adds a problem that is not about one entry's link (e.g. a malformed line or a cut tail). */
  fail(seq: number | null, code: AuditCode, message: string, extra: Partial<Problem> = {}): void {
    if (seq !== null) this.firstBad ??= seq;
    this.problems.push({ code, message, ...(seq !== null ? { seq } : {}), ...extra });
  }

  get head(): string | null {
    return this.count === 0 ? null : this.prevHash;
  }

  get lastSeq(): number {
    return this.expectedSeq - 1;
  }

  report(): ChainReport {
    return {
      valid: this.problems.length === 0,
      entries: this.count,
      firstBadSeq: this.firstBad,
      head: this.head,
      problems: this.problems,
      warnings: this.warnings,
    };
  }
}

/** ISO UTC times of equal shape compare as strings; anything else is parsed. */
function isEarlier(a: string, b: string): boolean {
  if (a.length === b.length && a.endsWith('Z') && b.endsWith('Z')) return a < b;
  return Date.parse(a) < Date.parse(b);
}
