import { Worker } from 'node:worker_threads';
import type { ChainReport } from '../../common/schemas/audit';
import { verifyChainOnOpen } from '../audit/chain-mark';
import { verifyStoreWithMark } from '../audit/store-chain-check';
import type { Store } from '../store/store';
import { workerScript } from '../worker-script';

/**
 * audit:verify in the core process (issue 14): the full check of 100,000 entries takes about a third of a second
 * of CPU, which would hold every other request the core answers. It runs in a thread on a read-only open of the
 * store instead; that sees every committed transaction, since each is in the fsync'd journal before it is in
 * memory. Then, on the core's thread, the check from the verified-through mark (about a millisecond, and it covers
 * entries written since the thread opened the store) and the merge of verifyStoreWithMark: the mark moves only
 * when both hold. Checks asked for while one runs share its thread.
 */
export function threadedChainCheck(
  store: Store,
  script: () => string = () => workerScript('chain-check.worker'),
): () => Promise<ChainReport> {
  let running: Promise<ChainReport> | null = null;
  return async () => {
    let full: ChainReport;
    try {
      running ??= fullCheckInThread(store.dir, script()).finally(() => (running = null));
      full = await running;
    } catch (error) {
      // No thread (a broken install): the same check on this thread, slower for everyone but still answered.
      process.stderr.write(
        `audit:verify: the check thread failed (${(error as Error).message}); checking on the core's thread\n`,
      );
      return verifyStoreWithMark(store);
    }
    return withMark(structuredClone(full), store);
  };
}

function fullCheckInThread(storeDir: string, script: string): Promise<ChainReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { storeDir } });
    let answered = false;
    worker.once('message', (m: { ok: true; report: ChainReport } | { ok: false; message: string }) => {
      answered = true;
      if (m.ok) resolve(m.report);
      else reject(new Error(m.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the chain check thread exited with code ${code}`));
    });
  });
}

/** verifyStoreWithMark's merge (store-chain-check.ts), with the full report already made; a test keeps them equal. */
function withMark(report: ChainReport, store: Store): ChainReport {
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
