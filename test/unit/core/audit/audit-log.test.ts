import { afterEach, describe, expect, it } from 'vitest';
import { auditEntrySchema } from '../../../../src-main/common/schemas/audit';
import { GENESIS_HASH } from '../../../../src-main/core/audit/audit-chain';
import { appendAudit, ftsMatchExpression, listAudit } from '../../../../src-main/core/audit/audit-log';
import type { Store } from '../../../../src-main/core/store/store';
import { auditStore } from './audit-helpers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});
async function withEntries(n: number): Promise<Store> {
  const made = await auditStore(n);
  cleanup = made.cleanup;
  return made.store;
}

describe('appendAudit', () => {
  it('chains entries from the all-zero hash and returns a schema-valid entry', async () => {
    const s = await withEntries(0);
    const a = s.transaction((tx) =>
      appendAudit(tx, { actor: 'u', action: 'x', subject: 's', details: { b: 1, a: [true, null] } }),
    );
    const b = s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'x', subject: 's' }));
    expect(auditEntrySchema.parse(a)).toEqual(a);
    expect(a.seq).toBe(1);
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(b.prevHash).toBe(a.hash);
    expect(s.get('SELECT details_json FROM audit_log WHERE seq = 1')).toEqual({
      details_json: '{"a":[true,null],"b":1}',
    });
  });

  it("is part of the caller's transaction: a rollback removes the entry and its index row", async () => {
    const s = await withEntries(0);
    expect(() =>
      s.transaction((tx) => {
        appendAudit(tx, { actor: 'u', action: 'x', subject: 's', details: { word: 'ephemeral' } });
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(listAudit(s, {}).total).toBe(0);
    expect(listAudit(s, { text: 'ephemeral' }).total).toBe(0);
  });

  it('refuses details JSON cannot carry and over-long fields, with a clear error', async () => {
    const s = await withEntries(0);
    const add = (input: Parameters<typeof appendAudit>[1]) => () => s.transaction((tx) => appendAudit(tx, input));
    expect(add({ actor: 'u', action: 'x', subject: 's', details: { n: Number.POSITIVE_INFINITY } })).toThrow(
      /cannot be written as JSON/,
    );
    expect(add({ actor: 'u', action: 'x', subject: 's', details: { d: new Date() } })).toThrow(
      /Date object cannot be written/,
    );
    expect(add({ actor: 'u'.repeat(201), action: 'x', subject: 's' })).toThrow(/actor must be a string of at most 200/);
    expect(listAudit(s, {}).total).toBe(0);
  });
});

describe('listAudit', () => {
  it('pages newest first with a total', async () => {
    const s = await withEntries(30);
    const page = listAudit(s, { limit: 5, offset: 5 });
    expect(page.total).toBe(30);
    expect(page.entries.map((e) => e.seq)).toEqual([25, 24, 23, 22, 21]);
  });

  it('filters by actor, action, subject and time range together', async () => {
    const s = await withEntries(30);
    const page = listAudit(s, { actor: 'alice', action: 'bundle.approved' });
    expect(page.entries.map((e) => e.seq)).toEqual([27, 21, 15, 9, 3]);
    expect(listAudit(s, { subject: 'bundle-7' }).entries.map((e) => e.seq)).toEqual([7]);
    const all = listAudit(s, { limit: 1000 }).entries;
    const from = all.find((e) => e.seq === 10)!.time;
    expect(listAudit(s, { from, to: '9999' }).entries.every((e) => e.time >= from)).toBe(true);
    expect(listAudit(s, { to: '2000-01-01' }).total).toBe(0);
  });

  it('finds entries by words in their details (full text), case- and accent-insensitively', async () => {
    const s = await withEntries(10);
    s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'x', subject: 's', details: { label: 'Café Crème' } }));
    expect(listAudit(s, { text: 'ZEBRA' }).entries.map((e) => e.seq)).toEqual([4]);
    expect(listAudit(s, { text: 'cafe' }).total).toBe(1);
    expect(listAudit(s, { text: 'zebra note' }).total).toBe(0); // every word must match
    expect(listAudit(s, { text: 'zebra', actor: 'bob' }).total).toBe(1);
  });

  it('treats FTS syntax in the search text as plain words', async () => {
    const s = await withEntries(10);
    for (const text of ['"unbalanced', 'zebra OR', 'NEAR(a b)', 'details:zebra', '*', '-zebra']) {
      expect(() => listAudit(s, { text })).not.toThrow();
    }
    expect(ftsMatchExpression('details:zebra')).toBe('"details" "zebra"');
    expect(listAudit(s, { text: '***' })).toEqual({ total: 0, entries: [] });
  });

  it('rejects a malformed query with the field named', async () => {
    const s = await withEntries(1);
    expect(() => listAudit(s, { limit: 0 })).toThrow(/bad audit query: limit/);
  });
});
