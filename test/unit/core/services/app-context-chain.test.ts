import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../../../../src-main/core/services/app-context';
import { appendAudit } from '../../../../src-main/core/audit/audit-log';
import { openStore } from '../../../../src-main/core/store/store';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function storeWith(n: number): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-open-chain-'));
  dirs.push(dir);
  const s = await openStore(dir);
  for (let i = 1; i <= n; i++)
    s.transaction((tx) => appendAudit(tx, { actor: 'dana', action: 'bundle.import', subject: `b${i}` }));
  s.close();
  return dir;
}

describe('the app checks the audit chain as it opens the store', () => {
  it('app:info carries the check from the mark; the next open checks only what is new; a tampered entry is named at once', async () => {
    const dir = await storeWith(12);
    let ctx = await createAppContext({ storeDir: dir, host: 'preview', actor: 'lee' });
    const first = await ctx.handlers['app:info']({});
    expect(first.chainOnOpen).toMatchObject({ valid: true, checked: 12, moved: true, mark: { seq: 12 } });
    expect(first.keyProtection).toEqual({
      kind: 'scrypt',
      reason: 'the browser preview has no system keychain: protected by your passphrase',
    });
    await ctx.close();

    ctx = await createAppContext({ storeDir: dir, host: 'preview', actor: 'lee' });
    expect((await ctx.handlers['app:info']({})).chainOnOpen).toMatchObject({ valid: true, checked: 0, moved: false });
    ctx.store.transaction((tx) => tx.run(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 5`));
    await ctx.close();

    ctx = await createAppContext({
      storeDir: dir,
      host: 'electron',
      actor: 'lee',
      keyProtection: { kind: 'safe-storage', reason: null },
    });
    try {
      const info = await ctx.handlers['app:info']({});
      expect(info.chainOnOpen).toMatchObject({
        valid: false,
        firstBadSeq: 5,
        moved: false,
        problems: [
          expect.objectContaining({
            code: 'audit-entry-altered',
            message: 'audit entry #5 does not match its hash (edited)',
          }),
        ],
      });
      expect(info.keyProtection).toEqual({ kind: 'safe-storage', reason: null });
      // The Audit screen's full verification says the same, with the mark's check in it.
      expect(await ctx.handlers['audit:verify']({})).toMatchObject({
        valid: false,
        firstBadSeq: 5,
        mark: { valid: false, firstBadSeq: 5 },
      });
    } finally {
      await ctx.close();
    }
  });
});
