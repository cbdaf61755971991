import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { listAudit } from '../../../../src-main/core/audit/audit-log';
import {
  exportAuditLog,
  unlockStoreKeyWithPassphrase,
  verifyAuditFile,
} from '../../../../src-main/core/services/audit-log';
import { auditStore, storeKeyOf, TEST_PASSPHRASE } from '../audit/audit-helpers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('the one audit export (app download and provdesk audit export)', () => {
  it('writes the log and its checkpoint to a file, or hands it over as text; each export is audited after it', async () => {
    const made = await auditStore(5);
    cleanup = made.cleanup;
    const { store, dir } = made;
    const key = await storeKeyOf(store);
    const before = listAudit(store).total;

    const file = exportAuditLog(store, key, {
      format: 'jsonl',
      actor: 'ann',
      via: 'cli',
      file: path.join(dir, 'log.jsonl'),
    });
    expect(file).toMatchObject({
      file: path.join(dir, 'log.jsonl'),
      checkpoint: path.join(dir, 'log.jsonl.checkpoint.json'),
      entries: before,
      keyId: key.keyId,
    });
    expect(fs.readFileSync(file.file, 'utf8').trimEnd().split('\n')).toHaveLength(before);
    expect(verifyAuditFile(dir, file.file, file.checkpoint, [key.keyId])).toMatchObject({
      valid: true,
      entries: before,
    });

    const text = exportAuditLog(store, key, { format: 'csv', actor: 'ann', via: 'app' });
    expect(text).toMatchObject({ entries: before + 1, checkpoint: { keyId: key.keyId, entries: before + 1 } });
    expect(text.content.split('\n')[0]).toContain('seq');

    const entries = listAudit(store, { action: 'audit.export' }).entries;
    expect(entries.map((e) => e.details)).toEqual([
      { format: 'csv', entries: before + 1, head: text.head, keyId: key.keyId, via: 'app' },
      { format: 'jsonl', entries: before, head: file.head, keyId: key.keyId, via: 'cli', file: file.file },
    ]);
  });

  it("a wrong passphrase for the store key is the user's to fix (input), and the passphrase is asked once", async () => {
    const made = await auditStore(1);
    cleanup = made.cleanup;
    await storeKeyOf(made.store); // the key exists: not fresh
    const asked: boolean[] = [];
    const ask = async (fresh: boolean) => (asked.push(fresh), 'not the passphrase');
    await expect(unlockStoreKeyWithPassphrase(made.store, ask, 'ann')).rejects.toMatchObject({
      code: 'refused',
      details: { reason: 'wrong-passphrase', input: true },
    });
    expect(asked).toEqual([false]);
    await expect(unlockStoreKeyWithPassphrase(made.store, async () => TEST_PASSPHRASE, 'ann')).resolves.toMatchObject({
      keyId: expect.any(String),
    });
  });

  it("a missing exported log is not-found, the user's input", async () => {
    const made = await auditStore(0);
    cleanup = made.cleanup;
    expect(() => verifyAuditFile(made.dir, path.join(made.dir, 'missing.jsonl'), undefined, undefined)).toThrow(
      expect.objectContaining({ code: 'not-found', details: expect.objectContaining({ input: true }) }),
    );
  });
});
