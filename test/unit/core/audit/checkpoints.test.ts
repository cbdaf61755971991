import fs from 'node:fs';
import path from 'node:path';
import { sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../../../src-main/common/schemas/audit';
import {
  checkpointSigningInput,
  exportAudit,
  exportAuditText,
  signCheckpoint,
} from '../../../../src-main/core/audit/audit-export';
import { appendAudit, listAudit } from '../../../../src-main/core/audit/audit-log';
import {
  importCheckpoint,
  listCheckpoints,
  parseCheckpoint,
  verifyStoreChain,
} from '../../../../src-main/core/audit/checkpoints';
import { checkpointSigners } from '../../../../src-main/core/governance/checkpoint-signers';
import { importTeam } from '../../../../src-main/core/governance/team-import';
import type { Store } from '../../../../src-main/core/store/store';
import { person } from '../governance/approval-fixtures';
import { nextTeam, signedTeam, teamText } from '../governance/team-fixtures';
import { auditStore, storeKeyOf } from './audit-helpers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});
async function withEntries(n: number): Promise<{ store: Store; dir: string }> {
  const made = await auditStore(n);
  cleanup = made.cleanup;
  return made;
}
const add = (store: Store, subject: string) =>
  store.transaction((tx) => appendAudit(tx, { actor: 'carol', action: 'bundle.import', subject }));
/** The checkpoint the app's export hands over (and the CLI writes beside the log). */
const exported = async (store: Store): Promise<Checkpoint> =>
  exportAuditText(store, 'jsonl', await storeKeyOf(store)).checkpoint;
const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);
/** Keeps a checkpoint as the app and the CLI do: trusted when signed by the store's key or a team member's. */
const keep = (store: Store, raw: unknown, actor: string) =>
  importCheckpoint(store, raw, actor, checkpointSigners(store));

describe('importing a checkpoint', () => {
  it('keeps a checkpoint of this store that the store holds, with its audit entry, and every verify checks against it', async () => {
    const { store } = await withEntries(6);
    const c = await exported(store);
    const r = keep(store, JSON.stringify(c, null, 2), 'dana');
    expect(r).toMatchObject({ imported: true, problems: [], status: { holds: true, entries: 6, problem: null } });
    expect(r.kept).toMatchObject({ id: 1, checkpoint: c, signer: "this store's key", importedBy: 'dana', auditSeq: 7 });
    expect(listCheckpoints(store)).toEqual([r.kept]);
    const entry = listAudit(store, { action: 'audit.checkpoint.import' }).entries[0]!;
    expect(entry).toMatchObject({
      seq: 7,
      actor: 'dana',
      subject: 'audit/checkpoint/1',
      details: { entries: 6, head: c.head, keyId: c.keyId },
    });

    add(store, 'later'); // entries after the checkpoint do not disturb it
    const report = verifyStoreChain(store);
    expect(report).toMatchObject({
      valid: true,
      entries: 8,
      checkpoints: { checked: 1, holding: 1, latest: { entries: 6, time: c.time, keyId: c.keyId } },
    });
  });

  it('says so when the same checkpoint comes again, and writes nothing', async () => {
    const { store } = await withEntries(3);
    const c = await exported(store);
    const first = keep(store, c, 'dana');
    const before = store.info().txnSeq;
    const again = keep(store, c, 'erin');
    expect(again).toMatchObject({
      imported: false,
      kept: { id: first.kept!.id, importedBy: 'dana' },
      status: { holds: true },
    });
    expect(codes(again)).toEqual(['checkpoint-duplicate']);
    expect(again.problems[0]!.message).toMatch(/already kept \(imported .* by dana\): nothing written/);
    expect(store.info().txnSeq).toBe(before);
    expect(listCheckpoints(store)).toHaveLength(1);
  });

  it("refuses another store's checkpoint, naming both stores", async () => {
    const { store } = await withEntries(2);
    const other = await auditStore(2);
    try {
      const theirs = await exported(other.store);
      const r = keep(store, theirs, 'dana');
      expect(r).toMatchObject({ imported: false, kept: null });
      expect(r.problems[0]).toMatchObject({
        code: 'checkpoint-other-store',
        expected: store.storeId,
        actual: other.store.storeId,
      });
      expect(r.problems[0]!.message).toMatch(/another store/);
    } finally {
      other.cleanup();
    }
    expect(listCheckpoints(store)).toEqual([]);
  });

  it('refuses a checkpoint whose fields were changed after signing (bad signature)', async () => {
    const { store } = await withEntries(4);
    const c = await exported(store);
    const r = keep(store, { ...c, entries: 3 }, 'dana');
    expect(codes(r)).toEqual(['checkpoint-signature-invalid']);
    expect(r.problems[0]!.message).toMatch(/signature does not verify/);
    expect(listAudit(store, { action: 'audit.checkpoint.import' }).total).toBe(0);
  });

  it("refuses a checkpoint signed by a key that is neither the store's nor a team member's; a member's key is trusted", async () => {
    const { store } = await withEntries(4);
    const head = listAudit(store, { limit: 1 }).entries[0]!.hash;
    const mallory = person('Mallory', 'mallory@example.org');
    const byKey = (p: typeof mallory, time = '2026-11-26T10:00:00.000Z'): Checkpoint => {
      const unsigned = {
        type: 'urn:provenance-desk:audit-checkpoint:1' as const,
        storeId: store.storeId,
        entries: 4,
        head,
        time,
        keyId: p.keyId,
        publicKey: p.publicKey,
      };
      return { ...unsigned, signature: sign(null, checkpointSigningInput(unsigned), p.privateKey).toString('base64') };
    };
    const r = keep(store, byKey(mallory), 'dana');
    expect(r.problems[0]).toMatchObject({ code: 'checkpoint-key-untrusted', actual: mallory.keyId });

    const ravi = person('Ravi', 'ravi@example.org');
    const team = signedTeam([{ p: ravi, roles: ['reviewer'] }]);
    expect(importTeam(store, teamText(team), 'dana').changed).toBe(true);
    const kept = keep(store, byKey(ravi), 'dana');
    expect(kept).toMatchObject({ imported: true, kept: { signer: 'Ravi <ravi@example.org>' } });
    // A revoked key no longer speaks for the team.
    expect(
      importTeam(store, teamText(nextTeam(team, (t) => t.members[1]!.revokedKeys.push(ravi.keyId))), 'dana').changed,
    ).toBe(true);
    expect(codes(keep(store, byKey(ravi, '2026-11-26T11:00:00.000Z'), 'dana'))).toEqual(['checkpoint-key-untrusted']);
  });

  it('refuses a checkpoint the store no longer holds: a cut tail names the missing entry', async () => {
    const { store } = await withEntries(8);
    const c = await exported(store);
    store.transaction((tx) => tx.run('DELETE FROM audit_log WHERE seq > 5'));
    const r = keep(store, c, 'dana');
    expect(r).toMatchObject({ imported: false, status: { holds: false, entries: 8 } });
    expect(r.problems[0]).toMatchObject({ code: 'audit-tail-cut', seq: 8 });
    expect(r.problems[0]!.message).toMatch(/entry #8 is missing, the log was cut after #5/);
  });

  it('refuses malformed input with a message that names the problem', async () => {
    const { store } = await withEntries(1);
    expect(keep(store, '{"type": "urn:provenance-desk:audit-checkpoint:1", ', 'dana').problems[0]).toMatchObject({
      code: 'checkpoint-invalid',
      message: expect.stringMatching(/^not valid JSON: checkpoint: .*line 1/),
    });
    expect(keep(store, '   ', 'dana').problems[0]!.message).toMatch(/empty/);
    const wrongShape = keep(
      store,
      { type: 'urn:provenance-desk:audit-checkpoint:1', storeId: store.storeId, entries: 'all' },
      'dana',
    );
    expect(wrongShape.problems[0]!.message).toMatch(/^not an audit checkpoint .*entries: .*number/);
    expect(parseCheckpoint({ members: [] }).problems[0]!.message).toMatch(/type: /);
    expect(parseCheckpoint('x'.repeat(70_000)).problems[0]!.message).toMatch(/larger than 65536 bytes/);
    expect(listCheckpoints(store)).toEqual([]);
  });
});

describe('the store against kept checkpoints', () => {
  it('reports a cut tail below a kept checkpoint, though the chain that is left verifies', async () => {
    const { store } = await withEntries(8);
    const early = await exported(store);
    keep(store, early, 'dana'); // entry #9
    add(store, 'ten');
    const late = await exported(store);
    keep(store, late, 'dana'); // entry #11
    store.transaction((tx) => tx.run('DELETE FROM audit_log WHERE seq > 9'));

    const report = verifyStoreChain(store);
    expect(report).toMatchObject({
      valid: false,
      entries: 9,
      firstBadSeq: 10,
      checkpoints: { checked: 2, holding: 1, latest: { entries: 10 } },
    });
    expect(report.checkpoints!.results.map((r) => [r.entries, r.holds, r.problem?.code ?? null])).toEqual([
      [8, true, null],
      [10, false, 'audit-tail-cut'],
    ]);
    expect(codes(report)).toEqual(['audit-tail-cut']);
  });

  it('reports an entry rewritten below a kept checkpoint, even when every later hash was recomputed', async () => {
    const { store } = await withEntries(6);
    keep(store, await exported(store), 'dana');
    // Rewrite #3 and re-chain everything after it: the chain alone verifies again, the checkpoint does not.
    const rows = store.all<{ seq: number; actor: string; action: string; subject: string }>(
      'SELECT seq, actor, action, subject FROM audit_log ORDER BY seq',
    );
    const forged = await auditStore(0);
    try {
      for (const r of rows) add(forged.store, r.seq === 3 ? 'rewritten' : r.subject);
      const copy = forged.store.all<Record<string, string | number>>('SELECT * FROM audit_log ORDER BY seq');
      store.transaction((tx) => {
        tx.run('DELETE FROM audit_log');
        for (const r of copy)
          tx.run(
            'INSERT INTO audit_log (seq, time, actor, action, subject, details_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            [r.seq!, r.time!, r.actor!, r.action!, r.subject!, r.details_json!, r.prev_hash!, r.hash!],
          );
      });
    } finally {
      forged.cleanup();
    }
    const report = verifyStoreChain(store);
    expect(report.valid).toBe(false);
    expect(report.problems[0]).toMatchObject({ code: 'checkpoint-head-mismatch', seq: 6 });
    expect(report.problems[0]!.message).toMatch(/rewritten/);
    expect(report.checkpoints).toMatchObject({ checked: 1, holding: 0 });
  });

  it('a checkpoint with an edited entry below it does not hold (the hash at the checkpoint alone proves nothing then)', async () => {
    const { store } = await withEntries(5);
    keep(store, await exported(store), 'dana');
    store.transaction((tx) => tx.run(`UPDATE audit_log SET subject = 'edited' WHERE seq = 2`));
    const report = verifyStoreChain(store);
    expect(report).toMatchObject({ valid: false, firstBadSeq: 2, checkpoints: { holding: 0 } });
    expect(report.checkpoints!.results[0]!.problem).toMatchObject({ code: 'checkpoint-chain-broken', seq: 2 });
    expect(codes(report)).toEqual(['audit-entry-altered']); // reported once, by the entry
  });

  it('without kept checkpoints the report says none were checked', async () => {
    const { store } = await withEntries(2);
    expect(verifyStoreChain(store)).toMatchObject({
      valid: true,
      checkpoints: { checked: 0, holding: 0, latest: null, results: [] },
    });
  });
});

describe('export as text', () => {
  it('is byte for byte the file export, for JSONL and CSV, and its checkpoint is signed by the store key', async () => {
    const { store, dir } = await withEntries(5);
    for (const format of ['jsonl', 'csv'] as const) {
      const file = exportAudit(store, { format, file: path.join(dir, `a.${format}`), key: await storeKeyOf(store) });
      const text = exportAuditText(store, format, await storeKeyOf(store));
      expect(text.content).toBe(fs.readFileSync(file.file, 'utf8'));
      expect(text).toMatchObject({
        entries: 5,
        head: file.head,
        checkpoint: { entries: 5, head: file.head, keyId: file.keyId, storeId: store.storeId },
      });
    }
    expect(signCheckpoint(store, await storeKeyOf(store), 0, null).head).toBe('0'.repeat(64));
  });
});
