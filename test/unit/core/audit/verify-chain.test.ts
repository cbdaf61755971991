import { afterEach, describe, expect, it } from 'vitest';
import { entryHashInput, sha256Hex } from '../../../../src-main/core/audit/audit-chain';
import { appendAudit, verifyChain } from '../../../../src-main/core/audit/audit-log';
import type { Store } from '../../../../src-main/core/store/store';
import { auditStore } from './audit-helpers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});
async function withEntries(n: number, now?: () => Date): Promise<Store> {
  const made = await auditStore(n, now ? { now } : {});
  cleanup = made.cleanup;
  return made.store;
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

describe('verifyChain', () => {
  it('accepts an intact chain and reports its head', async () => {
    const s = await withEntries(10);
    const report = verifyChain(s);
    expect(report).toMatchObject({ valid: true, entries: 10, firstBadSeq: null, problems: [], warnings: [] });
    expect(report.head).toBe(row(s, 10).hash);
  });

  it('accepts an empty log', async () => {
    const s = await withEntries(0);
    expect(verifyChain(s)).toMatchObject({ valid: true, entries: 0, head: null });
  });

  it('names an edited entry', async () => {
    const s = await withEntries(10);
    s.transaction((tx) => tx.run(`UPDATE audit_log SET details_json = '{"index":99}' WHERE seq = 4`));
    const r = verifyChain(s);
    expect(r).toMatchObject({ valid: false, firstBadSeq: 4 });
    expect(r.problems[0]).toMatchObject({ code: 'audit-entry-altered', seq: 4 });
    expect(r.problems).toHaveLength(1); // later entries are not blamed
  });

  it('catches an edit whose hash was recomputed, at the next link', async () => {
    const s = await withEntries(10);
    const r4 = { ...row(s, 4), actor: 'mallory' };
    s.transaction((tx) => tx.run(`UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 4`, [r4.actor, rehash(r4)]));
    const r = verifyChain(s);
    expect(r.firstBadSeq).toBe(5);
    expect(r.problems[0]).toMatchObject({
      code: 'audit-chain-broken',
      seq: 5,
      message: expect.stringContaining('rewritten'),
    });
  });

  it('names a deleted entry', async () => {
    const s = await withEntries(10);
    s.transaction((tx) => tx.run(`DELETE FROM audit_log WHERE seq = 6`));
    const r = verifyChain(s);
    expect(r.firstBadSeq).toBe(6);
    expect(r.problems[0]).toMatchObject({
      code: 'audit-entry-missing',
      seq: 6,
      message: expect.stringContaining('#6 is missing'),
    });
  });

  it('names the gap left by a deletion whose followers were renumbered', async () => {
    const s = await withEntries(10);
    s.transaction((tx) => {
      tx.run(`DELETE FROM audit_log WHERE seq = 6`);
      for (let seq = 7; seq <= 10; seq++) tx.run(`UPDATE audit_log SET seq = ? WHERE seq = ?`, [seq - 1, seq]);
    });
    const r = verifyChain(s);
    expect(r).toMatchObject({ valid: false, firstBadSeq: 6 });
    expect(r.problems.map((p) => [p.code, p.seq])).toEqual([6, 7, 8, 9].map((seq) => ['audit-entry-altered', seq]));
  });

  it('names reordered entries', async () => {
    const s = await withEntries(10);
    s.transaction((tx) => {
      tx.run(`UPDATE audit_log SET seq = -1 WHERE seq = 3`);
      tx.run(`UPDATE audit_log SET seq = 3 WHERE seq = 7`);
      tx.run(`UPDATE audit_log SET seq = 7 WHERE seq = -1`);
    });
    expect(verifyChain(s)).toMatchObject({ valid: false, firstBadSeq: 3 });
  });

  it('names an inserted entry, even one hashed and linked correctly, by the entry it displaced', async () => {
    const s = await withEntries(10);
    const r4 = row(s, 4);
    const forged: Row = { ...r4, seq: 5, actor: 'mallory', subject: 'forged', prev_hash: r4.hash, hash: '' };
    forged.hash = rehash(forged);
    s.transaction((tx) => {
      for (let seq = 10; seq >= 5; seq--) tx.run(`UPDATE audit_log SET seq = ? WHERE seq = ?`, [seq + 1, seq]);
      tx.run(`INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, Object.values(forged) as string[]);
    });
    const r = verifyChain(s);
    expect(r.firstBadSeq).toBe(6);
    expect(r.problems[0]).toMatchObject({ code: 'audit-entry-altered', seq: 6 });
  });

  it('catches a cut tail only against a checkpoint, naming the missing entry', async () => {
    const s = await withEntries(10);
    const checkpoint = { entries: 10, head: row(s, 10).hash };
    s.transaction((tx) => tx.run(`DELETE FROM audit_log WHERE seq > 7`));
    expect(verifyChain(s).valid).toBe(true); // a shorter chain is self-consistent
    const r = verifyChain(s, { checkpoint });
    expect(r).toMatchObject({ valid: false, firstBadSeq: 10 });
    expect(r.problems[0]).toMatchObject({ code: 'audit-tail-cut', message: expect.stringContaining('cut after #7') });
  });

  it('catches a whole chain rewritten after the checkpoint', async () => {
    const s = await withEntries(5);
    const checkpoint = { entries: 5, head: row(s, 5).hash };
    s.transaction((tx) => {
      tx.run(`DELETE FROM audit_log`);
      for (let i = 0; i < 5; i++) appendAudit(tx, { actor: 'mallory', action: 'a', subject: 's' });
    });
    expect(verifyChain(s, { checkpoint })).toMatchObject({
      valid: false,
      firstBadSeq: 5,
      problems: [expect.objectContaining({ code: 'checkpoint-head-mismatch' })],
    });
  });

  it('flags a clock that went backwards as a warning naming the entry; order follows seq', async () => {
    const times = [
      '2026-01-01T10:00:00.000Z',
      '2026-01-01T10:05:00.000Z',
      '2026-01-01T09:00:00.000Z',
      '2026-01-01T10:06:00.000Z',
    ];
    let i = 0;
    const s = await withEntries(0, () => new Date(times[Math.min(i, times.length - 1)]!));
    for (; i < times.length; i++) s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: `s${i}` }));
    const r = verifyChain(s);
    expect(r.valid).toBe(true);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'clock-skew', seq: 3 })]);
  });

  it('works on a plain ReadApi without row iteration', async () => {
    const s = await withEntries(12);
    s.transaction((tx) => tx.run(`UPDATE audit_log SET subject = 'x' WHERE seq = 9`));
    const plain = { all: s.all.bind(s), get: s.get.bind(s) };
    expect(verifyChain(plain)).toMatchObject({ valid: false, firstBadSeq: 9, entries: 12 });
  });
});
