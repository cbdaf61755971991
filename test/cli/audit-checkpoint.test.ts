import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendAudit } from '../../src-main/core/audit/audit-log';
import { openStore } from '../../src-main/core/store/store';
import { runCli } from '../helpers/cli';

/**
 * `provdesk audit verify --checkpoint FILE` (the store against a checkpoint) and `audit checkpoint import FILE`
 * through the built CLI. The stores are filled in-process (five audit entries each), the CLI does the rest.
 */

let dir: string;
let store: string;
let other: string;

// The passphrase of the store key that signs checkpoints (audit export needs it, nothing else here does).
const cli = (s: string, args: string[]) =>
  runCli(['--store', s, ...args], { PROVDESK_PASSPHRASE: 'correct horse battery' });
async function withStore(at: string, work: (s: Awaited<ReturnType<typeof openStore>>) => void): Promise<void> {
  const s = await openStore(at);
  try {
    work(s);
  } finally {
    s.close();
  }
}
const fill = (at: string) =>
  withStore(at, (s) => {
    for (let i = 1; i <= 5; i++)
      s.transaction((tx) => appendAudit(tx, { actor: 'dana', action: 'bundle.import', subject: `b${i}` }));
  });
const exportTo = (s: string, name: string) => {
  const out = cli(s, ['--json', 'audit', 'export', '-o', path.join(dir, name)]);
  expect(out.code).toBe(0);
  return out.json() as { checkpoint: string; entries: number };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-audit-cp-'));
  store = path.join(dir, 'store');
  other = path.join(dir, 'other');
  await fill(store);
  await fill(other);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit checkpoints through the CLI', () => {
  it('checks the store against a checkpoint file, keeps it once, and then every verify catches a cut tail', async () => {
    const { checkpoint, entries } = exportTo(store, 'audit.jsonl');
    expect(entries).toBe(5);
    const verified = cli(store, ['--json', 'audit', 'verify', '--checkpoint', checkpoint]);
    expect(verified.code).toBe(0);
    // The export itself is audited (entry #6), after the entries it covers.
    expect(verified.json()).toMatchObject({
      valid: true,
      entries: 6,
      firstBadSeq: null,
      checkpoints: { checked: 1, holding: 1 },
    });

    const kept = cli(store, ['--json', 'audit', 'checkpoint', 'import', checkpoint]);
    expect(kept.code).toBe(0);
    expect(kept.json()).toMatchObject({
      imported: true,
      kept: { checkpoint: { entries: 5 }, signer: "this store's key", auditSeq: 7 },
    });
    const again = cli(store, ['audit', 'checkpoint', 'import', checkpoint]);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(
      /REFUSED: .* was not kept[\s\S]*checkpoint-duplicate: this checkpoint is already kept/,
    );
    expect(cli(store, ['audit', 'verify']).stdout).toMatch(
      /Audit chain verified: 7 entries[\s\S]*Checkpoints: 1 of 1 hold \(latest kept: entry #5, /,
    );

    // Cut the tail below the kept checkpoint: the chain that is left verifies, the checkpoint does not, and neither
    // does the verified-through mark the last verify left at #7, which names the first entry cut.
    await withStore(store, (s) => s.transaction((tx) => tx.run('DELETE FROM audit_log WHERE seq > 3')));
    const cut = cli(store, ['--json', 'audit', 'verify']);
    expect(cut.code).toBe(1);
    expect(cut.json()).toMatchObject({
      valid: false,
      entries: 3,
      firstBadSeq: 4,
      head: expect.stringMatching(/^[0-9a-f]{64}$/),
      mark: { valid: false, moved: false, mark: { seq: 7 } },
    });
    expect(cut.json().problems).toEqual([
      expect.objectContaining({ code: 'audit-tail-cut', seq: 5 }),
      expect.objectContaining({ code: 'audit-tail-cut', seq: 4 }),
    ]);
    expect(cli(store, ['audit', 'verify', '--checkpoint', checkpoint]).stdout).toMatch(
      /Audit chain BROKEN at entry 4[\s\S]*entry #5 is missing, the log was cut after #3[\s\S]*entries #4-#7 are missing though verified/,
    );
  });

  it("refuses another store's checkpoint (exit 1), and a file that is no checkpoint is unreadable (exit 2)", () => {
    const { checkpoint } = exportTo(other, 'other.jsonl');
    const verify = cli(store, ['--json', 'audit', 'verify', '--checkpoint', checkpoint]);
    expect(verify.code).toBe(1);
    expect(verify.json().problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'checkpoint-other-store' })]),
    );
    const imported = cli(store, ['--json', 'audit', 'checkpoint', 'import', checkpoint]);
    expect(imported.code).toBe(1);
    expect(imported.json()).toMatchObject({ imported: false, problems: [{ code: 'checkpoint-other-store' }] });

    const garbage = path.join(dir, 'garbage.json');
    writeFileSync(garbage, '{"type": "nope"');
    const unreadable = cli(store, ['audit', 'checkpoint', 'import', garbage]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stdout).toMatch(/UNREADABLE: .*garbage\.json[\s\S]*checkpoint-invalid: not valid JSON/);
    expect(cli(store, ['audit', 'verify', '--checkpoint', garbage]).code).toBe(2);
    expect(cli(store, ['audit', 'checkpoint', 'import', path.join(dir, 'missing.json')]).code).toBe(2);
  });
});
