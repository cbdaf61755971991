import type { ChainReport, Checkpoint } from '../../common/schemas/audit';
import type { Store } from '../store/store';
import { verifyChainOnOpen } from './chain-mark';
import { verifyStoreChain } from './checkpoints';

/**
 * The full check (every entry, every kept checkpoint: verifyStoreChain) and the mark's, in one report: what
 * the mark catches and the full scan cannot (a consistent rewrite, a cut tail) is added to its problems. The
 * mark moves only when the full check holds too.
 */
export function verifyStoreWithMark(store: Store, options: { extra?: Checkpoint } = {}): ChainReport {
  const report = verifyStoreChain(store, options);
  const open = verifyChainOnOpen(store, { move: report.valid });
  report.mark = open;
  const seen = new Set(report.problems.map((p) => `${p.code}#${String(p.seq)}`));
  for (const p of open.problems) if (!seen.has(`${p.code}#${String(p.seq)}`)) report.problems.push(p);
  if (!open.valid) {
    report.valid = false;
    if (open.firstBadSeq !== null)
      report.firstBadSeq =
        report.firstBadSeq === null ? open.firstBadSeq : Math.min(report.firstBadSeq, open.firstBadSeq);
  }
  return report;
}
