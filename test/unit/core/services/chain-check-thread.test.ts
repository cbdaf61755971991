import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendAudit } from '../../../../src-main/core/audit/audit-log';
import { verifyStoreWithMark } from '../../../../src-main/core/audit/store-chain-check';
import { threadedChainCheck } from '../../../../src-main/core/services/chain-check-thread';
import { openStore, type Store } from '../../../../src-main/core/store/store';
import type { ChainReport } from '../../../../src-main/common/schemas/audit';

// audit:verify in the core process runs the full check in a thread on a read-only open (issue 14); it must say
// exactly what verifyStoreWithMark says on the core's own thread. Two copies of one store, one checked each way.

let dir: string;
let a: Store; // checked on this thread
let b: Store; // checked in the thread

/** The report without its timings. */
function plain(report: ChainReport): unknown {
  return JSON.parse(JSON.stringify(report, (k, v: unknown) => (k === 'ms' || k === 'verifiedAt' ? undefined : v)));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-chain-thread-'));
  const seed = await openStore(path.join(dir, 'a'));
  for (let batch = 0; batch < 4; batch++) {
    seed.transaction((tx) => {
      for (let i = 0; i < 500; i++)
        appendAudit(tx, { actor: `u${i % 7}`, action: 'bundle.import', subject: `b-${batch}-${i}`, details: { i } });
    });
  }
  seed.close();
  cpSync(path.join(dir, 'a'), path.join(dir, 'b'), { recursive: true });
  // One clock for both copies, so the entries written to each below hash alike.
  const now = () => new Date('2026-11-30T12:00:00.000Z');
  a = await openStore(path.join(dir, 'a'), { now });
  b = await openStore(path.join(dir, 'b'), { now });
});
afterAll(() => {
  a.close();
  b.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the full audit check in a thread of the core', () => {
  it('reports a sound chain as verifyStoreWithMark does, and moves the mark the same way', async () => {
    const here = verifyStoreWithMark(a);
    const there = await threadedChainCheck(b)();
    expect(here.valid).toBe(true);
    expect(here.mark?.moved).toBe(true);
    expect(plain(there)).toEqual(plain(here));
  });

  it('names the same tampered entry below the mark, and entries written after the thread’s open are covered by the mark check', async () => {
    for (const s of [a, b]) {
      s.transaction((tx) => tx.run(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 7`));
      s.transaction((tx) => appendAudit(tx, { actor: 'eve', action: 'bundle.approve', subject: 'late', details: {} }));
    }
    const here = verifyStoreWithMark(a);
    const check = threadedChainCheck(b);
    const [there, again] = await Promise.all([check(), check()]); // two at once share one thread
    expect(here.valid).toBe(false);
    expect(here.firstBadSeq).toBe(7);
    expect(plain(there)).toEqual(plain(here));
    expect(plain(again)).toEqual(plain(here));
  });

  it('falls back to the check on the core’s thread when the check thread cannot start', async () => {
    const here = verifyStoreWithMark(a);
    const there = await threadedChainCheck(b, () => path.join(dir, 'missing.worker.mjs'))();
    expect(plain(there)).toEqual(plain(here));
  });
});
