import type { ChainMark, ChainOpenCheck } from '../../common/schemas/chain-mark';
import type { Problem } from '../../common/problem';
import type { ReadApi, Store } from '../store/store';
import { GENESIS_HASH } from './audit-chain';
import { scanChain } from './audit-log';
import { chainHead, countEntries, entryHash, firstSeq, moveChainMark, readChainMark } from '../store/repos/audit-repo';

/**
 * The verified-through mark (THREATS 25, issue 13): each open verifies only the entries after the last one
 * a check verified, and checks that the mark's entry still has the hash it had then, so a cut tail or a
 * chain rewritten below the mark is still caught. Writes to entries at or below the mark set `touched_seq`
 * (triggers of migration 0011), so an edit there is re-verified from just below it and named exactly.
 * A rewrite that bypasses SQLite (its triggers dropped, the database image replaced) and keeps the mark's
 * entry is caught only by the full check (`audit verify`, the Audit screen's verification, every export).
 */

export function readMark(db: ReadApi): { mark: ChainMark; touched: number | null } {
  return readChainMark(db) ?? { mark: { seq: 0, hash: GENESIS_HASH, verifiedAt: null }, touched: null };
}

type Check = Omit<ChainOpenCheck, 'moved' | 'ms' | 'mark'> & { head: { seq: number; hash: string } | null };

const verifiedWhen = (m: ChainMark) => (m.verifiedAt ? `verified ${m.verifiedAt}` : 'verified before');

/**
 * Checks the chain from the mark to the head without writing: from just below the lowest touched entry, else
 * from the mark once it is shown to hold (its entry there with its hash, and as many entries up to it as its
 * seq); when it does not hold, the whole chain, to name the first bad entry.
 */
export function checkChainFromMark(db: ReadApi): Check {
  const { mark, touched } = readMark(db);
  const head = chainHead(db);
  const lastSeq = head?.seq ?? 0;
  let after: { seq: number; hash: string } | undefined;
  if (touched !== null && touched <= mark.seq) {
    const below = touched - 1;
    const hash = below === 0 ? GENESIS_HASH : entryHash(db, below);
    if (below >= 0 && hash !== undefined) after = { seq: below, hash };
  } else if (markHolds(db, mark, lastSeq)) {
    after = { seq: mark.seq, hash: mark.hash };
  }
  const { checker, hashes } = scanChain(db, [mark.seq], after);
  const report = checker.report();
  const problems: Problem[] = [...report.problems];
  let firstBad = report.firstBadSeq;
  const add = (p: Problem & { seq: number }) => {
    problems.push(p);
    firstBad = firstBad === null ? p.seq : Math.min(firstBad, p.seq);
  };
  // The mark's own entry: scanned (when the scan passed over it) or still exactly what was verified.
  const atMark =
    mark.seq === 0 ? GENESIS_HASH : mark.seq <= (after?.seq ?? 0) ? mark.hash : (hashes.get(mark.seq) ?? null);
  const explained = firstBad !== null && firstBad <= mark.seq;
  if (mark.seq > lastSeq) {
    const first = lastSeq + 1;
    const which = first === mark.seq ? `entry #${mark.seq} is` : `entries #${first}-#${mark.seq} are`;
    add({
      code: 'audit-tail-cut',
      message: `${which} missing though ${verifiedWhen(mark)}: the log was cut after #${lastSeq}`,
      seq: first,
    });
  } else if (!explained && atMark === null) {
    add({
      code: 'audit-entry-missing',
      message: `audit entry #${mark.seq}, ${verifiedWhen(mark)}, is missing (deleted)`,
      seq: mark.seq,
    });
  } else if (!explained && atMark !== mark.hash) {
    add({
      code: 'audit-mark-mismatch',
      message: `audit entry #${mark.seq} no longer has the hash it had when ${verifiedWhen(mark)}: the log up to it was rewritten${touched !== null ? ` (from #${touched})` : ''}`,
      seq: touched !== null && touched <= mark.seq ? Math.max(touched, 1) : mark.seq,
      expected: mark.hash,
      actual: atMark ?? '',
    });
  }
  const from = (after?.seq ?? 0) + 1;
  return {
    valid: problems.length === 0,
    firstBadSeq: firstBad,
    problems,
    lastSeq,
    from,
    checked: report.entries,
    full: after === undefined && mark.seq > 0,
    head,
  };
}

/**
 * The mark holds when its entry is there with the recorded hash and the seqs are exactly 1..lastSeq (as many
 * entries as the last seq, the first being 1: nothing deleted or added below the mark either). A bare count(*)
 * is answered from the smallest index (under a millisecond at 100,000 entries, bench/RESULTS.md); a count with
 * a seq range would walk the table itself (17 ms).
 */
function markHolds(db: ReadApi, mark: ChainMark, lastSeq: number): boolean {
  if (mark.seq === 0) return true;
  if (entryHash(db, mark.seq) !== mark.hash) return false;
  if (firstSeq(db) !== 1) return false;
  return countEntries(db) === lastSeq;
}

/**
 * The check made on open (app context creation, `audit verify`): checkChainFromMark, then, when the chain
 * holds and the head or a touched entry moved, the mark moves to the head. A read-only open, or `move: false`
 * (a full check found what the mark cannot see), leaves it. An unchanged store writes nothing.
 */
export function verifyChainOnOpen(store: Store, options: { move?: boolean } = {}): ChainOpenCheck {
  const t0 = performance.now();
  const check = checkChainFromMark(store);
  const { head, ...rest } = check;
  const before = readMark(store);
  const target = head ?? { seq: 0, hash: GENESIS_HASH };
  const stale = target.seq !== before.mark.seq || target.hash !== before.mark.hash || before.touched !== null;
  const move = check.valid && stale && !store.readOnly && options.move !== false;
  if (move) {
    store.transaction((tx) => moveChainMark(tx, target));
  }
  return {
    ...rest,
    mark: move ? readMark(store).mark : before.mark,
    moved: move,
    ms: Math.round((performance.now() - t0) * 10) / 10,
  };
}
