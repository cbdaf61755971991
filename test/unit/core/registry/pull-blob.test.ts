import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pullBlob, pushFileBlob } from '../../../../src-main/core/registry/blobs';
import { RegistryClient } from '../../../../src-main/core/registry/client';
import { parseReference } from '../../../../src-main/core/registry/reference';
import { registryMissing } from '../../../helpers/oci-registry';
import { registryBehindProxy } from '../../../helpers/registry-proxy-suite';

/**
 * pullBlob of a 12 MiB blob (the CLI tests pull the 11 KiB sample): written and hashed as it streams, checked against
 * the digest at the end; a connection cut midway continued with a Range request or, where the registry ignores Range,
 * started over in a fresh file; a read answered 5xx asked again a few times (the registry client's rule for every
 * read). (Tried and not kept: hashing and writing on a hash worker; the download took 3.4 s
 * instead of 2.4-2.7 s for 1 GiB, bench/RESULTS.md.)
 */
const MiB = 1024 * 1024;

if (registryMissing) it(`pull blob tests skipped: ${registryMissing}`, () => undefined);

describe.skipIf(registryMissing !== null)('pullBlob of a blob of several MiB', () => {
  const suite = registryBehindProxy('provdesk-pull-blob-');
  const { tamper } = suite;
  let bytes: Buffer;
  let digest: string;
  let client: RegistryClient;
  const descriptor = () => ({ mediaType: 'application/octet-stream', digest, size: bytes.length });
  beforeAll(async () => {
    bytes = Buffer.alloc(12 * MiB + 5);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i / 4096) & 0xff;
    digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    writeFileSync(path.join(suite.dir, 'blob.bin'), bytes);
    client = new RegistryClient(parseReference(`${suite.proxy.host}/team/big`), { credentials: null });
    await pushFileBlob(client, 'team/big', path.join(suite.dir, 'blob.bin'), { digest });
  }, 60_000);

  /** Answers the blob's first GET with its first 3 MiB, then drops the connection; Range honoured or not. */
  function cutOnce(honourRange: boolean): { ranged: () => number } {
    let gets = 0;
    let ranged = 0;
    tamper.current = (req, res, forward) => {
      if (req.method !== 'GET' || !req.url?.includes('/blobs/')) return (forward(), true);
      gets++;
      if (req.headers.range) ranged++;
      if (gets === 1) {
        res.writeHead(200, { 'content-length': String(bytes.length), 'content-type': 'application/octet-stream' });
        res.write(bytes.subarray(0, 3 * MiB), () => res.socket?.destroy());
        return true;
      }
      if (!honourRange) delete req.headers.range;
      forward();
      return true;
    };
    return { ranged: () => ranged };
  }

  it('whole, checked; a cut continues with Range; a registry without Range support starts over', async () => {
    const target = (name: string) => path.join(suite.dir, name);
    await pullBlob(client, 'team/big', descriptor(), target('a'));
    expect(readFileSync(target('a')).equals(bytes)).toBe(true);

    const ranged = cutOnce(true);
    try {
      const seen: number[] = [];
      await pullBlob(client, 'team/big', descriptor(), target('b'), (done) => seen.push(done));
      expect(ranged.ranged()).toBe(1);
      expect(readFileSync(target('b')).equals(bytes)).toBe(true);
      expect(seen.at(-1)).toBe(bytes.length);
    } finally {
      tamper.current = null;
    }

    cutOnce(false);
    try {
      await pullBlob(client, 'team/big', descriptor(), target('c'));
      expect(readFileSync(target('c')).equals(bytes)).toBe(true);
    } finally {
      tamper.current = null;
    }
  }, 60_000);

  it('a read answered 500 or 503 is asked again (up to 3 times); one that keeps failing is refused with its status', async () => {
    let answered = 0;
    const failFirst = (times: number, status: number) => {
      answered = 0;
      tamper.current = (req, res, forward) => {
        if (req.method !== 'GET' || !req.url?.includes('/blobs/')) return (forward(), true);
        if (++answered <= times) {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'unknown error' }] }));
          return true;
        }
        forward();
        return true;
      };
    };
    try {
      failFirst(2, 500);
      await pullBlob(client, 'team/big', descriptor(), path.join(suite.dir, 'e'));
      expect(readFileSync(path.join(suite.dir, 'e')).equals(bytes)).toBe(true);
      expect(answered).toBe(3);
      failFirst(1, 503);
      await pullBlob(client, 'team/big', descriptor(), path.join(suite.dir, 'f'));
      expect(answered).toBe(2);
      failFirst(99, 500);
      const refused = (await pullBlob(client, 'team/big', descriptor(), path.join(suite.dir, 'g')).catch(
        (e: unknown) => e,
      )) as Error;
      expect(answered).toBe(4); // the first ask and 3 more
      expect(refused).toMatchObject({ details: { problem: 'registry-bad-response', status: 500 } });
    } finally {
      tamper.current = null;
    }
  }, 60_000);

  it('bytes that are not the digest’s are refused, naming both digests', async () => {
    tamper.current = (req, res, forward) => {
      if (req.method !== 'GET' || !req.url?.includes('/blobs/')) return (forward(), true);
      const other = Buffer.from(bytes);
      other[7 * MiB] = other[7 * MiB]! ^ 0xff;
      res.writeHead(200, { 'content-length': String(other.length) });
      res.end(other);
      return true;
    };
    try {
      const target = path.join(suite.dir, 'd');
      const refused = (await pullBlob(client, 'team/big', descriptor(), target).catch((e: unknown) => e)) as Error;
      expect(refused).toMatchObject({ details: { problem: 'registry-digest-mismatch', expected: digest } });
      expect(refused.message).toContain(digest);
      expect(refused.message).toMatch(/SHA-256 is sha256:[0-9a-f]{64}/);
      expect(existsSync(target) ? readFileSync(target).equals(bytes) : false).toBe(false);
    } finally {
      tamper.current = null;
    }
  }, 60_000);
});
