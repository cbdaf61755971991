import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyChain } from '../../../../src-main/core/audit/audit-log';
import { type FileIo, nodeFileIo } from '../../../../src-main/core/store/file-io';
import { openStore } from '../../../../src-main/core/store/store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-io-'));
  dirs.push(d);
  return d;
}

/** A disk that can be told to fail: ENOSPC on write (optionally after writing part), EIO on fsync or truncate. */
function faultyDisk() {
  const fault = { write: false, partial: false, fsync: false, truncate: false };
  const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
  const io: FileIo = {
    write(fd, data, position) {
      if (fault.write) {
        if (fault.partial && data.length > 4) {
          nodeFileIo.write(fd, data.subarray(0, Math.floor(data.length / 2)), position);
        }
        throw errno('ENOSPC');
      }
      return nodeFileIo.write(fd, data, position);
    },
    fsync(fd) {
      if (fault.fsync) throw errno('EIO');
      nodeFileIo.fsync(fd);
    },
    truncate(fd, length) {
      if (fault.truncate) throw errno('EIO');
      nodeFileIo.truncate(fd, length);
    },
  };
  return { io, fault };
}

const subjects = (s: { all: <T>(q: string) => T[] }) =>
  s.all<{ subject: string }>('SELECT subject FROM audit_log ORDER BY seq').map((r) => r.subject);

describe('a failing disk', () => {
  for (const kind of ['write', 'partial write', 'fsync'] as const) {
    it(`${kind} failure: the transaction throws io-error, memory and disk keep the previous state, later commits work`, async () => {
      const dir = tempDir();
      const { io, fault } = faultyDisk();
      const s = await openStore(dir, { fileIo: io, snapshotOnClose: false });
      s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 'before' }));
      if (kind === 'fsync') fault.fsync = true;
      else Object.assign(fault, { write: true, partial: kind === 'partial write' });
      let thrown: unknown;
      try {
        s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 'lost' }));
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toMatchObject({
        code: 'io-error',
        message: expect.stringMatching(kind === 'fsync' ? /EIO/ : /ENOSPC/),
      });
      expect(subjects(s)).toEqual(['before']);
      Object.assign(fault, { write: false, partial: false, fsync: false });
      s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 'after' }));
      expect(subjects(s)).toEqual(['before', 'after']);
      s.close();
      const again = await openStore(dir);
      expect(subjects(again)).toEqual(['before', 'after']);
      expect(verifyChain(again).valid).toBe(true);
      again.close();
    });
  }

  it('a failed cut-back blocks further commits until the file can be cleaned', async () => {
    const dir = tempDir();
    const { io, fault } = faultyDisk();
    const s = await openStore(dir, { fileIo: io, snapshotOnClose: false });
    Object.assign(fault, { write: true, partial: true, truncate: true });
    expect(() => s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 'x' }))).toThrow(/ENOSPC/);
    fault.write = false;
    expect(() => s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 'y' }))).toThrow(/EIO/);
    fault.truncate = false;
    s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 'z' }));
    s.close();
    const again = await openStore(dir);
    expect(subjects(again)).toEqual(['z']);
    again.close();
  });

  it('a failed snapshot leaves the commit durable and the old generation in use', async () => {
    const dir = tempDir();
    const { io, fault } = faultyDisk();
    const s = await openStore(dir, { fileIo: io, snapshotJournalBytes: 1 << 20 });
    s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 'kept' }));
    const gen = s.info().generation;
    fault.write = true;
    expect(() => s.snapshot()).toThrow(expect.objectContaining({ code: 'io-error' }));
    expect(s.info().generation).toBe(gen);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    fault.write = false;
    s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 'next' }));
    s.close();
    const again = await openStore(dir);
    expect(subjects(again)).toEqual(['kept', 'next']);
    again.close();
  });

  it('an automatic snapshot that fails does not fail the commit that triggered it', async () => {
    const dir = tempDir();
    let failAfter = Infinity; // writes allowed before the disk fills
    const io: FileIo = {
      ...nodeFileIo,
      write: (fd, data, pos) => {
        if (failAfter-- <= 0) throw Object.assign(new Error('ENOSPC: simulated'), { code: 'ENOSPC' });
        return nodeFileIo.write(fd, data, pos);
      },
    };
    const s = await openStore(dir, { fileIo: io, snapshotJournalBytes: 1 });
    const gen = s.info().generation;
    failAfter = 1; // the journal append goes through; the snapshot it triggers does not
    s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 'durable' }));
    expect(s.info().lastSnapshotError).toMatch(/ENOSPC/);
    expect(s.info().generation).toBe(gen);
    failAfter = Infinity;
    s.close();
    const again = await openStore(dir);
    expect(subjects(again)).toEqual(['durable']);
    again.close();
  });
});
