import { afterEach, describe, expect, it } from 'vitest';
import { checkpointSignatureProblem } from '../../../../src-main/core/audit/audit-export';
import { listAudit } from '../../../../src-main/core/audit/audit-log';
import { auditHandlers, exportFileName } from '../../../../src-main/core/services/audit-handlers';
import { auditStore } from '../audit/audit-helpers';
import { passphraseProtector } from '../../../../src-main/core/services/governance';

const keys = {
  protectorFor: passphraseProtector,
  protection: { kind: 'scrypt' as const, reason: 'no system keyring: protected by your passphrase' },
};
const passphrase = 'correct horse battery';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('audit channels', () => {
  it('audit:export hands over the log text and its signed checkpoint, and audits who exported how many entries', async () => {
    const made = await auditStore(4);
    cleanup = made.cleanup;
    const h = auditHandlers(made.store, 'dana', keys);
    expect(await h['audit:storeKey']({})).toMatchObject({
      keyId: null,
      protection: null,
      passphrase: 'new',
      note: expect.stringContaining('no system keyring'),
    });
    const out = await h['audit:export']({ format: 'jsonl', passphrase });
    expect(await h['audit:storeKey']({})).toEqual({
      keyId: out.checkpoint.keyId,
      protection: 'scrypt',
      passphrase: 'unlock',
      note: null,
    });
    expect(out.content.trimEnd().split('\n')).toHaveLength(4);
    expect(out).toMatchObject({ entries: 4, checkpoint: { entries: 4, head: out.head, storeId: made.store.storeId } });
    expect(checkpointSignatureProblem(out.checkpoint)).toBeNull();
    expect(out.fileName).toMatch(/^audit-log-[0-9a-f]{8}-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.jsonl$/);
    expect(listAudit(made.store, { action: 'audit.export' }).entries[0]).toMatchObject({
      seq: 5,
      actor: 'dana',
      details: { format: 'jsonl', entries: 4, head: out.head, keyId: out.checkpoint.keyId, via: 'app' },
    });

    // Pasted text comes back as the kept checkpoint, and audit:verify then counts it.
    const imported = await h['audit:importCheckpoint']({ checkpoint: JSON.stringify(out.checkpoint) });
    expect(imported).toMatchObject({ imported: true, status: { holds: true } });
    expect((await h['audit:checkpoints']({})).checkpoints).toHaveLength(1);
    expect(await h['audit:verify']({})).toMatchObject({
      valid: true,
      checkpoints: { checked: 1, holding: 1, latest: { entries: 4 } },
    });
  });

  it("audit:export needs the store key's passphrase where no keychain holds it: none, or a wrong one, exports nothing", async () => {
    const made = await auditStore(2);
    cleanup = made.cleanup;
    const h = auditHandlers(made.store, 'dana', keys);
    const saved = process.env.PROVDESK_PASSPHRASE;
    delete process.env.PROVDESK_PASSPHRASE;
    try {
      await expect(h['audit:export']({ format: 'jsonl' })).rejects.toMatchObject({ code: 'invalid-request' });
      await h['audit:export']({ format: 'csv', passphrase });
      await expect(h['audit:export']({ format: 'jsonl', passphrase: 'not the passphrase' })).rejects.toMatchObject({
        code: 'refused',
        message: expect.stringContaining('wrong passphrase'),
      });
      expect(listAudit(made.store, { action: 'audit.export' }).total).toBe(1);
    } finally {
      if (saved !== undefined) process.env.PROVDESK_PASSPHRASE = saved;
    }
  });

  it('names export files by store and UTC time, safe on every file system', () => {
    expect(exportFileName('3f2a9c1e-0000-4000-8000-000000000000', '2026-11-26T10:04:05.123Z', 'csv')).toBe(
      'audit-log-3f2a9c1e-2026-11-26T10-04-05Z.csv',
    );
    expect(exportFileName('', '2026-11-26T10:04:05.123Z', 'jsonl')).toBe('audit-log-2026-11-26T10-04-05Z.jsonl');
  });
});
