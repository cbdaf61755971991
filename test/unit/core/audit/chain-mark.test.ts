import { afterEach, describe, expect, it } from 'vitest';
import { entryHashInput, sha256Hex } from '../../../../src-main/core/audit/audit-chain';
import { appendAudit } from '../../../../src-main/core/audit/audit-log';
import { readMark, verifyChainOnOpen } from '../../../../src-main/core/audit/chain-mark';
import { verifyStoreWithMark } from '../../../../src-main/core/audit/store-chain-check';
import { type Store, openStore } from '../../../../src-main/core/store/store';
import { auditStore } from './audit-helpers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});
async function marked(n: number): Promise<{ store: Store; dir: string }> {
  const made = await auditStore(n);
  cleanup = made.cleanup;
  expect(verifyChainOnOpen(made.store)).toMatchObject({ valid: true, moved: true, checked: n, mark: { seq: n } });
  return made;
}

interface Row {
  seq: number;
  time: string;
  actor: string;
  action: string;
  subject: string;
  details_json: string;
  prev_hash: string;
  hash: string;
}
const row = (s: Store, seq: number) => s.get<Row>('SELECT * FROM audit_log WHERE seq = ?', [seq])!;
const rehash = (r: Row) =>
  sha256Hex(entryHashInput(r.seq, r.time, r.actor, r.action, r.subject, r.details_json, r.prev_hash));
const append = (s: Store, k: number) => {
  for (let i = 0; i < k; i++)
    s.transaction((tx) => appendAudit(tx, { actor: 'kim', action: 'bundle.import', subject: `later-${i}` }));
};
/** Rewrites entries from..to and re-links everything after them, as a careful forger would. */
function rewriteConsistently(s: Store, from: number, to: number) {
  s.transaction((tx) => {
    let prev = from === 1 ? '0'.repeat(64) : row(s, from - 1).hash;
    for (let seq = from; seq <= to; seq++) {
      const r = { ...row(s, seq), prev_hash: prev, ...(seq === from ? { actor: 'mallory' } : {}) };
      r.hash = rehash(r);
      tx.run('UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?', [
        r.actor,
        r.prev_hash,
        r.hash,
        seq,
      ]);
      prev = r.hash;
    }
  });
}

describe('the verified-through mark', () => {
  it('verifies only what was added since; an unchanged store moves nothing and writes nothing', async () => {
    const { store } = await marked(20);
    const txn = store.info().txnSeq;
    expect(verifyChainOnOpen(store)).toMatchObject({
      valid: true,
      moved: false,
      checked: 0,
      from: 21,
      lastSeq: 20,
      full: false,
    });
    expect(store.info().txnSeq).toBe(txn);
    append(store, 3);
    expect(verifyChainOnOpen(store)).toMatchObject({
      valid: true,
      moved: true,
      checked: 3,
      from: 21,
      lastSeq: 23,
      mark: { seq: 23, hash: row(store, 23).hash },
    });
  });

  it('catches an entry edited below the mark on the next open, by its seq, and keeps saying so', async () => {
    const { store } = await marked(20);
    store.transaction((tx) => tx.run(`UPDATE audit_log SET subject = 'edited' WHERE seq = 7`));
    expect(readMark(store).touched).toBe(7);
    const check = verifyChainOnOpen(store);
    expect(check).toMatchObject({
      valid: false,
      firstBadSeq: 7,
      moved: false,
      from: 7,
      checked: 14,
      full: false,
      mark: { seq: 20 },
    });
    expect(check.problems[0]).toMatchObject({
      code: 'audit-entry-altered',
      seq: 7,
      message: 'audit entry #7 does not match its hash (edited)',
    });
    expect(verifyChainOnOpen(store)).toMatchObject({ valid: false, firstBadSeq: 7 });
  });

  it('catches a cut tail below the mark, naming the first missing entry', async () => {
    const { store } = await marked(10);
    store.transaction((tx) => tx.run('DELETE FROM audit_log WHERE seq > 5'));
    const check = verifyChainOnOpen(store);
    expect(check).toMatchObject({ valid: false, firstBadSeq: 6, lastSeq: 5, moved: false });
    expect(check.problems).toEqual([
      expect.objectContaining({
        code: 'audit-tail-cut',
        seq: 6,
        message: expect.stringMatching(/^entries #6-#10 are missing though verified .*: the log was cut after #5$/),
      }),
    ]);
  });

  it('catches a cut tail that new entries then filled in', async () => {
    const { store } = await marked(10);
    store.transaction((tx) => tx.run('DELETE FROM audit_log WHERE seq > 8'));
    append(store, 4); // new #9..#12, chained on #8
    expect(verifyChainOnOpen(store)).toMatchObject({ valid: false, firstBadSeq: 9 });
  });

  it('catches an entry inserted below the mark, hashed and linked, by the entry it displaced', async () => {
    const { store } = await marked(10);
    const r4 = row(store, 4);
    const forged: Row = { ...r4, seq: 5, actor: 'mallory', subject: 'forged', prev_hash: r4.hash, hash: '' };
    forged.hash = rehash(forged);
    store.transaction((tx) => {
      for (let seq = 10; seq >= 5; seq--) tx.run('UPDATE audit_log SET seq = ? WHERE seq = ?', [seq + 1, seq]);
      tx.run('INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)', Object.values(forged) as string[]);
    });
    const check = verifyChainOnOpen(store);
    expect(check).toMatchObject({ valid: false, firstBadSeq: 6, from: 5 });
    expect(check.problems[0]).toMatchObject({ code: 'audit-entry-altered', seq: 6 });
  });

  it('catches a consistent rewrite below the mark, which the full scan alone passes', async () => {
    const { store } = await marked(10);
    rewriteConsistently(store, 4, 10);
    const check = verifyChainOnOpen(store);
    expect(check).toMatchObject({ valid: false, firstBadSeq: 4, moved: false });
    expect(check.problems).toEqual([
      expect.objectContaining({ code: 'audit-mark-mismatch', seq: 4, expected: expect.any(String) }),
    ]);
    const full = verifyStoreWithMark(store);
    expect(full).toMatchObject({ valid: false, firstBadSeq: 4, mark: { valid: false } });
    expect(full.problems.map((p) => p.code)).toEqual(['audit-mark-mismatch']);
  });

  it('without its triggers (the database edited around them) the mark still catches a rewrite of its entry, and a deletion below it', async () => {
    const { store } = await marked(10);
    store.transaction((tx) => {
      for (const t of ['update', 'delete', 'insert']) tx.run(`DROP TRIGGER audit_log_touched_${t}`);
    });
    rewriteConsistently(store, 3, 10);
    expect(verifyChainOnOpen(store)).toMatchObject({
      valid: false,
      firstBadSeq: 10,
      full: true,
      problems: [expect.objectContaining({ code: 'audit-mark-mismatch' })],
    });
  });

  it('without its triggers, a deleted entry below the mark is found by the full scan the mark falls back to', async () => {
    const { store } = await marked(10);
    store.transaction((tx) => {
      tx.run('DROP TRIGGER audit_log_touched_delete');
      tx.run('DELETE FROM audit_log WHERE seq = 4');
    });
    expect(verifyChainOnOpen(store)).toMatchObject({
      valid: false,
      firstBadSeq: 4,
      full: true,
      problems: [expect.objectContaining({ code: 'audit-entry-missing', seq: 4 })],
    });
  });

  it('moves again once an edit is undone; a read-only open never moves it', async () => {
    const { store, dir } = await marked(10);
    const original = row(store, 3).subject;
    store.transaction((tx) => tx.run(`UPDATE audit_log SET subject = 'x' WHERE seq = 3`));
    store.transaction((tx) => tx.run('UPDATE audit_log SET subject = ? WHERE seq = 3', [original]));
    append(store, 2);
    const reader = await openStore(dir, { readOnly: true });
    try {
      expect(verifyChainOnOpen(reader)).toMatchObject({ valid: true, moved: false, mark: { seq: 10 } });
    } finally {
      reader.close();
    }
    expect(verifyChainOnOpen(store)).toMatchObject({ valid: true, moved: true, from: 3, mark: { seq: 12 } });
    expect(readMark(store).touched).toBeNull();
  });

  it('the full check does not move the mark over a break only it sees', async () => {
    const { store } = await marked(5);
    append(store, 2);
    store.transaction((tx) => {
      tx.run('DROP TRIGGER audit_log_touched_update');
      tx.run(`UPDATE audit_log SET subject = 'x' WHERE seq = 2`);
    });
    const r = verifyStoreWithMark(store);
    expect(r).toMatchObject({ valid: false, firstBadSeq: 2, mark: { valid: true, moved: false, mark: { seq: 5 } } });
  });
});
