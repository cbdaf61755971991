import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { CodedError } from '../../common/result';

/** Who holds <dir>/store.lock. `nonce` tells our own lock apart from one written after a takeover race. */
interface LockOwner {
  pid: number;
  hostname: string;
  nonce: string;
  time: string;
}

export interface StoreLock {
  readonly file: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function readOwner(file: string): LockOwner | null {
  try {
    const o = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.hostname === 'string') return o as LockOwner;
  } catch {
    /* unreadable: treated as stale below only if it stays unreadable */
  }
  return null;
}

/**
 * Takes the single-instance lock (THREATS 24): created with O_EXCL; a live holder is refused, a lock
 * left by a dead process on this host is taken over. A holder on another host cannot be checked, so
 * it counts as live.
 */
export function acquireStoreLock(dir: string): StoreLock {
  const file = path.join(dir, 'store.lock');
  const me: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    nonce: randomUUID(),
    time: new Date().toISOString(),
  };
  let races = 0;
  while (races < 5) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      try {
        fs.writeSync(fd, JSON.stringify(me));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      // Another process that judged the old lock stale at the same moment may have replaced ours.
      const now = readOwner(file);
      if (now?.nonce !== me.nonce) {
        races++;
        continue;
      }
      return {
        file,
        release: () => {
          if (readOwner(file)?.nonce === me.nonce) fs.rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readOwner(file);
    if (holder) {
      const sameHost = holder.hostname === me.hostname;
      if (!sameHost || holder.pid === process.pid || isAlive(holder.pid)) {
        throw new CodedError(
          'store-locked',
          `the store at ${dir} is in use by process ${holder.pid} on ${holder.hostname}; close that instance first` +
            (sameHost ? '' : ' (or delete store.lock if that host no longer uses this folder)'),
          { pid: holder.pid, hostname: holder.hostname, lockFile: file },
        );
      }
    } else if (Date.now() - safeMtime(file) < BLANK_LOCK_GRACE_MS) {
      // A lock being written right now has no content yet; give its writer a moment. One that stays blank
      // past the grace was left by a process killed between creating and writing it.
      sleepMs(50);
      continue;
    }
    races++;
    fs.rmSync(file, { force: true }); // stale: its process is gone
  }
  throw new CodedError('store-locked', `could not take the lock ${file}: it keeps changing hands`, { lockFile: file });
}

/** How long a blank lock file counts as being written; its writer fills it right after creating it. */
const BLANK_LOCK_GRACE_MS = 2000;

function safeMtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
