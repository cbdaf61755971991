import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { appendAudit } from '../../src-main/core/audit/audit-log';
import { keyIdOf } from '../../src-main/core/audit/store-key';
import { openStore, type Store } from '../../src-main/core/store/store';
import { runCli } from '../helpers/cli';

/**
 * Issue 13 through the built CLI: `audit export` needs the store key's passphrase (PROVDESK_PASSPHRASE or asked;
 * never a plain key on disk), `audit verify` never does, and each `audit verify` checks from the verified-through
 * mark and moves it.
 */

let dir: string;
const right = { PROVDESK_PASSPHRASE: 'correct horse battery' };
const none = { PROVDESK_PASSPHRASE: '' };
const cli = (store: string, args: string[], env: Record<string, string>) => runCli(['--store', store, ...args], env);

async function withStore(at: string, work: (s: Store) => void): Promise<void> {
  const s = await openStore(at);
  try {
    work(s);
  } finally {
    s.close();
  }
}
async function filled(name: string, n = 5): Promise<string> {
  const at = path.join(dir, name);
  await withStore(at, (s) => {
    for (let i = 1; i <= n; i++)
      s.transaction((tx) => appendAudit(tx, { actor: 'dana', action: 'bundle.import', subject: `b${i}` }));
  });
  return at;
}
const keysOf = (store: string) => readdirSync(path.join(store, 'keys')).sort();

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-audit-seal-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit export needs the store key passphrase; audit verify never does', () => {
  it('without a passphrase (and no terminal) exits 2 and writes nothing; with one, the key is made encrypted; a wrong one exits 2', async () => {
    const store = await filled('a');
    const out = path.join(dir, 'a.jsonl');
    const refused = cli(store, ['audit', 'export', '-o', out], none);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/a passphrase is needed: set PROVDESK_PASSPHRASE/);
    expect(existsSync(out)).toBe(false);

    const written = cli(store, ['--json', 'audit', 'export', '-o', out], right);
    expect(written.code, written.stderr).toBe(0);
    expect(keysOf(store)).toEqual(['store-signing.json']);
    expect(readFileSync(path.join(store, 'keys', 'store-signing.json'), 'utf8')).not.toMatch(/PRIVATE KEY/);
    const { checkpoint, keyId } = written.json() as { checkpoint: string; keyId: string };

    const wrong = cli(store, ['audit', 'export', '-o', path.join(dir, 'a2.jsonl')], {
      PROVDESK_PASSPHRASE: 'not the passphrase',
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/wrong passphrase/);
    expect(existsSync(path.join(dir, 'a2.jsonl'))).toBe(false);

    // Verifying needs only the public key: an exported log against its checkpoint, pinned to the store's key, and the
    // store.
    const file = cli(store, ['--json', 'audit', 'verify', '--file', out, '--checkpoint', checkpoint], none);
    expect(file.code, file.stderr).toBe(0);
    expect(file.json().warnings).toEqual([]); // the store key pinned the checkpoint, read without a passphrase
    expect(
      cli(store, ['audit', 'verify', '--file', out, '--checkpoint', checkpoint, '--trust-key', keyId], none).code,
    ).toBe(0);
    expect(cli(store, ['audit', 'verify', '--checkpoint', checkpoint], none).code).toBe(0);
  });

  it('encrypts a plain key of an earlier version on the first export (the same key: what it signed stays trusted), removes it and audits it', async () => {
    const store = await filled('legacy');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const keyId = keyIdOf(publicKey.export({ type: 'spki', format: 'der' }));
    mkdirSync(path.join(store, 'keys'));
    writeFileSync(
      path.join(store, 'keys', 'store-signing.pem'),
      privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      { mode: 0o600 },
    );
    const exported = cli(store, ['--json', 'audit', 'export', '-o', path.join(dir, 'legacy.jsonl')], right);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.json()).toMatchObject({ keyId });
    expect(keysOf(store)).toEqual(['store-signing.json']);
    const log = readFileSync(path.join(dir, 'legacy.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; details: Record<string, unknown> });
    expect(log.at(-1)).toMatchObject({
      action: 'audit.key.protect',
      details: { keyId, protection: 'scrypt', removed: 'keys/store-signing.pem' },
    });
  });
});

describe('audit verify checks from the verified-through mark and moves it', () => {
  it('reports the mark, moves it, and names the first bad entry of a log tampered with since', async () => {
    const store = await filled('m', 6);
    const first = cli(store, ['--json', 'audit', 'verify'], none);
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({
      valid: true,
      mark: { valid: true, moved: true, checked: 6, mark: { seq: 6 } },
    });
    expect(cli(store, ['--json', 'audit', 'verify'], none).json()).toMatchObject({
      mark: { moved: false, checked: 0 },
    });
    expect(cli(store, ['audit', 'verify'], none).stdout).toMatch(/Verified-through mark: entry #6\n/);

    await withStore(store, (s) =>
      s.transaction((tx) => tx.run(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`)),
    );
    const broken = cli(store, ['--json', 'audit', 'verify'], none);
    expect(broken.code).toBe(1);
    expect(broken.json()).toMatchObject({
      valid: false,
      firstBadSeq: 3,
      mark: { valid: false, firstBadSeq: 3, moved: false, mark: { seq: 6 } },
    });
    expect(cli(store, ['audit', 'verify'], none).stdout).toMatch(
      /Audit chain BROKEN at entry 3[\s\S]*not moved: the chain does not hold[\s\S]*audit entry #3 does not match its hash \(edited\)/,
    );
  });

  it('beside a process holding the store, checks read-only and leaves the mark', async () => {
    const store = await filled('held', 3);
    const holder = await openStore(store);
    try {
      const r = cli(store, ['--json', 'audit', 'verify'], none);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json()).toMatchObject({
        valid: true,
        mark: { valid: true, moved: false, checked: 3, mark: { seq: 0 } },
      });
    } finally {
      holder.close();
    }
  });
});
