import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit, listAudit, verifyChain } from '../../../../src-main/core/audit/audit-log';
import { openStore } from '../../../../src-main/core/services/store-session';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A store with two snapshot generations and entries in every journal: gen N-1 + journal N-1 + journal N. */
async function storeWithGenerations(): Promise<{ dir: string; gen: number; subjects: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-recover-'));
  dirs.push(dir);
  const s = await openStore(dir, { snapshotOnClose: false });
  const subjects: string[] = [];
  const add = (n: number) => {
    for (let i = 0; i < n; i++) {
      const subject = `entry-${subjects.length + 1}`;
      subjects.push(subject);
      s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject }));
    }
  };
  add(3);
  s.snapshot();
  add(3);
  s.snapshot();
  add(3); // only in the newest journal
  const gen = s.info().generation;
  s.close();
  return { dir, gen, subjects };
}

const subjectsOf = (rows: { subject: string }[]) => rows.map((r) => r.subject);

describe('recovery from a damaged generation', () => {
  it('falls back to the previous snapshot when the newest is corrupted, loses nothing, and audits it', async () => {
    const { dir, gen, subjects } = await storeWithGenerations();
    const file = path.join(dir, `snapshot-${gen}.sqlite`);
    const bytes = fs.readFileSync(file);
    const at = bytes.length - 100; // inside the SQLite image
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    fs.writeFileSync(file, bytes);

    const s = await openStore(dir);
    expect(s.recovery?.recovered).toBe(true);
    expect(s.recovery?.detail).toContain(`snapshot-${gen} is unusable (checksum mismatch)`);
    expect(s.recovery?.detail).toContain(`recovered from snapshot-${gen - 1}`);
    expect(s.recovery?.detail).toContain('no acknowledged transaction was lost');
    const rows = s.all<{ subject: string }>(`SELECT subject FROM audit_log WHERE action = 'a' ORDER BY seq`);
    expect(subjectsOf(rows)).toEqual(subjects);
    const audit = listAudit(s, { action: 'store.recovered' });
    expect(audit.total).toBe(1);
    expect(audit.entries[0]!.details).toMatchObject({ skippedSnapshots: [gen], lost: false });
    expect(verifyChain(s).valid).toBe(true);
    // The damaged file is kept aside for inspection; the recovered state is the new base.
    expect(fs.readdirSync(dir).some((f) => f.startsWith(`snapshot-${gen}.sqlite.corrupt-`))).toBe(true);
    s.close();
    const again = await openStore(dir);
    expect(again.recovery).toBeNull();
    expect(listAudit(again, { action: 'a' }).total).toBe(subjects.length);
    again.close();
  });

  it('detects a truncated snapshot and recovers the same way', async () => {
    const { dir, gen, subjects } = await storeWithGenerations();
    const file = path.join(dir, `snapshot-${gen}.sqlite`);
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const s = await openStore(dir);
    expect(s.recovery?.detail).toMatch(new RegExp(`snapshot-${gen} is unusable \\(truncated: \\d+ of \\d+ bytes\\)`));
    expect(listAudit(s, { action: 'a' }).total).toBe(subjects.length);
    s.close();
  });

  it('detects a snapshot replaced by garbage', async () => {
    const { dir, gen } = await storeWithGenerations();
    fs.writeFileSync(path.join(dir, `snapshot-${gen}.sqlite`), 'not a database');
    const s = await openStore(dir, { readOnly: true });
    expect(s.recovery?.detail).toContain('bad magic');
    expect(listAudit(s, { action: 'store.recovered' }).total).toBe(0); // read-only: reported, not written
    s.close();
  });

  it('refuses to open, rather than start empty, when no generation is usable', async () => {
    const { dir, gen } = await storeWithGenerations();
    fs.writeFileSync(path.join(dir, `snapshot-${gen}.sqlite`), 'x');
    fs.writeFileSync(path.join(dir, `snapshot-${gen - 1}.sqlite`), 'y');
    await expect(openStore(dir)).rejects.toMatchObject({
      code: 'io-error',
      message: expect.stringContaining('no usable snapshot'),
    });
    expect(fs.existsSync(path.join(dir, 'store.lock'))).toBe(false);
  });

  it('reports acknowledged transactions lost to corruption in the middle of the newest journal', async () => {
    const { dir, gen, subjects } = await storeWithGenerations();
    const journal = path.join(dir, `journal-${gen}.log`);
    const bytes = fs.readFileSync(journal);
    bytes.writeUInt8(bytes.readUInt8(40) ^ 0xff, 40); // inside the first record; two good records follow
    fs.writeFileSync(journal, bytes);
    const s = await openStore(dir);
    expect(s.recovery?.detail).toContain(`journal-${gen} is damaged`);
    expect(s.recovery?.detail).toContain('could not be recovered');
    expect(listAudit(s, { action: 'a' }).total).toBe(subjects.length - 3);
    expect(listAudit(s, { action: 'store.recovered' }).entries[0]!.details).toMatchObject({ lost: true });
    expect(verifyChain(s).valid).toBe(true);
    s.close();
  });
});
