import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../../../src-main/common/result';
import { appendAudit, verifyChain } from '../../../../src-main/core/audit/audit-log';
import { type Store, openStore } from '../../../../src-main/core/store/store';

const dirs: string[] = [];
const open: Store[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-store-'));
  dirs.push(d);
  return d;
}
async function track(p: Promise<Store>): Promise<Store> {
  const s = await p;
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const count = (s: Store) => s.get<{ n: number }>('SELECT count(*) AS n FROM audit_log')!.n;

describe('store durability', () => {
  it('keeps a committed transaction across reopen, through the journal alone', async () => {
    const dir = tempDir();
    const a = await openStore(dir, { snapshotOnClose: false });
    a.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 's', details: { n: 1 } }));
    a.close();
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('snapshot-'))).toEqual([]);
    const b = await track(openStore(dir));
    expect(count(b)).toBe(1);
    expect(b.get('SELECT actor, details_json FROM audit_log')).toEqual({ actor: 'u', details_json: '{"n":1}' });
  });

  it('keeps the same state through a snapshot on close, with the same store id', async () => {
    const dir = tempDir();
    const a = await openStore(dir);
    const id = a.storeId;
    a.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 's' }));
    a.close();
    expect(fs.existsSync(path.join(dir, 'snapshot-1.sqlite'))).toBe(true);
    const b = await track(openStore(dir));
    expect(b.storeId).toBe(id);
    expect(b.storeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(count(b)).toBe(1);
    expect(verifyChain(b).valid).toBe(true);
  });

  it('rolls back everything when the callback throws, and writes nothing to the journal', async () => {
    const dir = tempDir();
    const s = await track(openStore(dir));
    const before = s.info().journalBytes;
    expect(() =>
      s.transaction((tx) => {
        appendAudit(tx, { actor: 'u', action: 'a', subject: 's' });
        throw new Error('changed my mind');
      }),
    ).toThrow('changed my mind');
    expect(count(s)).toBe(0);
    expect(s.info().journalBytes).toBe(before);
    s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 's' }));
    expect(s.get('SELECT seq FROM audit_log')).toEqual({ seq: 1 });
  });

  it('refuses a nested transaction and an async callback', async () => {
    const s = await track(openStore(tempDir()));
    expect(() => s.transaction(() => s.transaction(() => 1))).toThrow(/do not nest/);
    expect(() => s.transaction(async () => 1)).toThrow(/synchronous/);
    expect(count(s)).toBe(0);
  });

  it('round-trips blobs, nulls and numbers through the journal', async () => {
    const dir = tempDir();
    const a = await openStore(dir, { snapshotOnClose: false });
    a.transaction((tx) => {
      tx.run('CREATE TABLE t (b BLOB, n REAL, z TEXT)');
      tx.run('INSERT INTO t VALUES (?, ?, ?)', [new Uint8Array([0, 255, 7]), 1.5, null]);
    });
    a.close();
    const b = await track(openStore(dir));
    const row = b.get<{ b: Uint8Array; n: number; z: null }>('SELECT * FROM t')!;
    expect([...row.b]).toEqual([0, 255, 7]);
    expect(row.n).toBe(1.5);
    expect(row.z).toBeNull();
  });

  it('takes the journal record back when COMMIT itself fails (deferred constraint)', async () => {
    const dir = tempDir();
    const s = await openStore(dir, { snapshotOnClose: false });
    s.transaction((tx) => {
      tx.run('CREATE TABLE p (id INTEGER PRIMARY KEY)');
      tx.run('CREATE TABLE c (pid INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)');
    });
    s.all('PRAGMA foreign_keys = ON'); // a connection setting: a no-op inside a transaction
    const size = s.info().journalBytes;
    expect(() => s.transaction((tx) => tx.run('INSERT INTO c VALUES (?)', [42]))).toThrow(/FOREIGN KEY/);
    expect(s.info().journalBytes).toBe(size);
    expect(s.get('SELECT count(*) AS n FROM c')).toEqual({ n: 0 });
    s.transaction((tx) => tx.run('INSERT INTO p VALUES (?)', [1]));
    s.close();
    const again = await track(openStore(dir));
    expect(again.get('SELECT count(*) AS n FROM p')).toEqual({ n: 1 });
    expect(again.get('SELECT count(*) AS n FROM c')).toEqual({ n: 0 });
  });

  it('refuses a non-finite number parameter with a clear error', async () => {
    const s = await track(openStore(tempDir()));
    expect(() => s.transaction((tx) => tx.run('SELECT ?', [Number.NaN]))).toThrow(/not a finite number/);
  });

  it('ignores a torn record at the end of the journal and truncates it', async () => {
    const dir = tempDir();
    const a = await openStore(dir, { snapshotOnClose: false });
    a.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 'one' }));
    a.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 'two' }));
    a.close();
    const journal = path.join(dir, 'journal-0.log');
    const full = fs.statSync(journal).size;
    fs.truncateSync(journal, full - 5); // the last append was cut mid-write
    const b = await openStore(dir, { snapshotOnClose: false });
    expect(b.recovery).toBeNull();
    expect(b.all('SELECT subject FROM audit_log')).toEqual([{ subject: 'one' }]);
    expect(fs.statSync(journal).size).toBeLessThan(full - 5);
    b.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 'three' }));
    b.close();
    const c = await track(openStore(dir));
    expect(c.all('SELECT subject FROM audit_log ORDER BY seq')).toEqual([{ subject: 'one' }, { subject: 'three' }]);
    expect(verifyChain(c).valid).toBe(true);
  });

  it('snapshots when the journal passes the threshold and keeps only the previous generation', async () => {
    const dir = tempDir();
    const s = await track(openStore(dir, { snapshotJournalBytes: 2000 }));
    for (let i = 0; i < 40; i++) s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: `s${i}` }));
    const gen = s.info().generation;
    expect(gen).toBeGreaterThan(3);
    const files = fs
      .readdirSync(dir)
      .filter((f) => /^(snapshot|journal)-/.test(f))
      .sort();
    expect(files).toEqual(
      [`journal-${gen - 1}.log`, `journal-${gen}.log`, `snapshot-${gen - 1}.sqlite`, `snapshot-${gen}.sqlite`].sort(),
    );
  });

  it('an open removes a generation a crash left between a snapshot and its pruning, keeping the previous one', async () => {
    const dir = tempDir();
    const s = await openStore(dir, { snapshotJournalBytes: 2000, snapshotOnClose: false });
    for (let i = 0; i < 40; i++) s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: `s${i}` }));
    const gen = s.info().generation;
    s.close();
    // What a kill after writing snapshot `gen` and before pruning leaves: the generation before the previous one.
    fs.copyFileSync(path.join(dir, `snapshot-${gen - 1}.sqlite`), path.join(dir, `snapshot-${gen - 2}.sqlite`));
    fs.copyFileSync(path.join(dir, `journal-${gen - 1}.log`), path.join(dir, `journal-${gen - 2}.log`));
    const reopened = await track(openStore(dir, { snapshotOnClose: false }));
    expect(count(reopened)).toBe(40);
    const files = fs
      .readdirSync(dir)
      .filter((f) => /^(snapshot|journal)-/.test(f))
      .sort();
    expect(files).toEqual(
      [`journal-${gen - 1}.log`, `journal-${gen}.log`, `snapshot-${gen - 1}.sqlite`, `snapshot-${gen}.sqlite`].sort(),
    );
  });
  it('read-only open sees committed data, takes no lock, and refuses writes', async () => {
    const dir = tempDir();
    const w = await track(openStore(dir, { snapshotJournalBytes: 1 << 20 }));
    w.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 's' }));
    const r = await openStore(dir, { readOnly: true });
    expect(count(r)).toBe(1);
    expect(r.storeId).toBe(w.storeId);
    const err = (() => {
      try {
        r.transaction((tx) => tx.run('DELETE FROM audit_log'));
      } catch (e) {
        return e as CodedError;
      }
    })();
    expect(err).toBeInstanceOf(CodedError);
    expect(err?.code).toBe('refused');
    expect(() => r.snapshot()).toThrow(/read-only/);
    r.close();
    expect(fs.existsSync(path.join(dir, 'store.lock'))).toBe(true); // still the writer's
  });

  it('read-only open leaves a torn journal tail for the writer to cut, changing no file', async () => {
    const dir = tempDir();
    const a = await openStore(dir, { snapshotOnClose: false });
    a.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 'one' }));
    a.close();
    const journal = path.join(dir, 'journal-0.log');
    fs.appendFileSync(journal, Buffer.from([9, 0, 0, 0, 1, 2])); // half a frame header
    const size = fs.statSync(journal).size;
    const r = await openStore(dir, { readOnly: true });
    expect(count(r)).toBe(1);
    r.close();
    expect(fs.statSync(journal).size).toBe(size);
    expect(fs.existsSync(path.join(dir, 'snapshot-1.sqlite'))).toBe(false);
  });

  it('read-only open of a missing folder is not-found, and does not create it', async () => {
    const dir = path.join(tempDir(), 'absent');
    await expect(openStore(dir, { readOnly: true })).rejects.toMatchObject({ code: 'not-found' });
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('uses the injected clock for audit times', async () => {
    const s = await track(openStore(tempDir(), { now: () => new Date('2030-01-02T03:04:05.000Z') }));
    const e = s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 's' }));
    expect(e.time).toBe('2030-01-02T03:04:05.000Z');
  });
});
