import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { verifyStoreChain } from '../audit/checkpoints';
import { openStore } from './store-session';

/**
 * The full audit chain check (every entry, every kept checkpoint) on a read-only open of the store, in a thread
 * of the core process so the core keeps answering while 100,000 entries are hashed (chain-check-thread.ts).
 */
const { storeDir } = workerData as { storeDir: string };

// Background work: on Linux a nice value is per thread, so this thread yields the CPU to the ones answering requests
// (elsewhere setpriority(0) would lower the whole process, so it is left as is).
if (process.platform === 'linux') {
  try {
    os.setPriority(0, 10);
  } catch {
    /* not permitted: run at the normal priority */
  }
}

async function main(): Promise<void> {
  const store = await openStore(storeDir, { readOnly: true });
  try {
    parentPort?.postMessage({ ok: true, report: verifyStoreChain(store) });
  } finally {
    store.close();
  }
}

main().catch((error: unknown) =>
  parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
);
