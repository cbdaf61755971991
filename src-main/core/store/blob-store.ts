import fs from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../common/result';
import { fsyncDir } from './file-io';

/** Content-addressed payload files under <dir>/blobs/sha256/ab/<hex>, written once and never changed. */
export interface BlobStore {
  has(sha256: string): boolean;
  pathOf(sha256: string): string;
  /** fsync + rename a staged file (same filesystem) into place; if already present, deletes the staged file. */
  adopt(stagedFile: string, sha256: string): { stored: boolean };
  /** <dir>/staging: a private folder on the same filesystem, emptied when a writable store opens. */
  stagingDir(): string;
}

const HEX64 = /^[0-9a-f]{64}$/;

function checkDigest(sha256: string): void {
  if (!HEX64.test(sha256))
    throw new CodedError('invalid-request', `not a lowercase hex SHA-256 digest: ${JSON.stringify(sha256)}`);
}

export function createBlobStore(dir: string, readOnly: boolean): BlobStore {
  const root = path.join(dir, 'blobs', 'sha256');
  const staging = path.join(dir, 'staging');
  if (!readOnly) {
    // Anything staged by a process that died is unreferenced; the lock guarantees no one else is staging.
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
  }
  const pathOf = (sha256: string) => {
    checkDigest(sha256);
    return path.join(root, sha256.slice(0, 2), sha256);
  };
  return {
    pathOf,
    has: (sha256) => fs.existsSync(pathOf(sha256)),
    stagingDir: () => {
      if (readOnly) throw new CodedError('refused', `the store at ${dir} is open read-only`);
      return staging;
    },
    adopt(stagedFile, sha256) {
      if (readOnly) throw new CodedError('refused', `the store at ${dir} is open read-only`);
      const target = pathOf(sha256);
      if (fs.existsSync(target)) {
        fs.rmSync(stagedFile, { force: true });
        return { stored: false };
      }
      try {
        const fd = fs.openSync(stagedFile, 'r');
        try {
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        fs.chmodSync(stagedFile, 0o444); // payloads are immutable
        const fan = path.dirname(target);
        const created = !fs.existsSync(fan);
        fs.mkdirSync(fan, { recursive: true, mode: 0o700 });
        if (created) fsyncDir(path.dirname(fan));
        fs.renameSync(stagedFile, target);
        fsyncDir(fan);
      } catch (e) {
        throw new CodedError('io-error', `could not store blob ${sha256}: ${(e as Error).message}`, {
          errno: (e as NodeJS.ErrnoException).code,
        });
      }
      return { stored: true };
    },
  };
}
