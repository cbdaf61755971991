import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../../src-main/core/audit/audit-log';
import { openStore } from '../../../../src-main/core/store/store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-lock-'));
  dirs.push(d);
  return d;
}
const writeLock = (dir: string, pid: number, hostname = os.hostname()) =>
  fs.writeFileSync(
    path.join(dir, 'store.lock'),
    JSON.stringify({ pid, hostname, nonce: 'n', time: new Date().toISOString() }),
  );

describe('single-instance lock', () => {
  it('refuses a second writable open in the same process, naming the pid', async () => {
    const dir = tempDir();
    const first = await openStore(dir);
    await expect(openStore(dir)).rejects.toMatchObject({
      code: 'store-locked',
      message: expect.stringContaining(`process ${process.pid}`),
      details: expect.objectContaining({ pid: process.pid }),
    });
    first.close();
    expect(fs.existsSync(path.join(dir, 'store.lock'))).toBe(false);
    (await openStore(dir)).close(); // released on close
  });

  it('refuses when another live process holds the lock', async () => {
    const dir = tempDir();
    writeLock(dir, process.ppid); // our parent is alive
    await expect(openStore(dir)).rejects.toMatchObject({ code: 'store-locked', details: { pid: process.ppid } });
  });

  it('refuses a lock held from another host, which it cannot check', async () => {
    const dir = tempDir();
    writeLock(dir, 1, 'some-other-host.example');
    await expect(openStore(dir)).rejects.toThrow(/some-other-host\.example/);
  });

  it('takes over a lock left by a dead process', async () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeLock(dir, dead);
    const s = await openStore(dir);
    s.transaction((tx) => appendAudit(tx, { actor: 'u', action: 'a', subject: 's' }));
    const owner = JSON.parse(fs.readFileSync(path.join(dir, 'store.lock'), 'utf8')) as { pid: number };
    expect(owner.pid).toBe(process.pid);
    s.close();
  });

  it('takes over a blank lock once its grace has passed (a writer killed between creating and filling it)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'store.lock');
    fs.writeFileSync(file, '');
    const aSecondAgo = new Date(Date.now() - 1500);
    fs.utimesSync(file, aSecondAgo, aSecondAgo); // still within the 2 s grace: open waits it out
    const s = await openStore(dir);
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
    expect(owner.pid).toBe(process.pid);
    s.close();
  });

  it('lets read-only opens run beside the writer', async () => {
    const dir = tempDir();
    const w = await openStore(dir);
    const r = await openStore(dir, { readOnly: true });
    expect(r.storeId).toBe(w.storeId);
    r.close();
    w.close();
  });
});
