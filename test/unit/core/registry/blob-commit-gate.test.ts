import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pushFileBlob } from '../../../../src-main/core/registry/blobs';
import { RegistryClient } from '../../../../src-main/core/registry/client';
import { parseReference } from '../../../../src-main/core/registry/reference';
import { registryMissing } from '../../../helpers/oci-registry';
import { registryBehindProxy } from '../../../helpers/registry-proxy-suite';

/**
 * pushFileBlob's `beforeFinish`: what a push of a zip file waits on (its verification, which runs while the zip is
 * sent) before the upload is finished. When it throws, the registry is told to cancel the upload, the blob is never
 * committed, nothing is kept to resume, and the reason is what the caller sees.
 */

if (registryMissing) it(`blob commit gate tests skipped: ${registryMissing}`, () => undefined);

describe.skipIf(registryMissing !== null)('pushFileBlob: the blob is committed only once beforeFinish holds', () => {
  const suite = registryBehindProxy('provdesk-blob-gate-');
  const { tamper } = suite;

  it('a throw cancels the upload (DELETE), commits nothing, drops the kept session; a hold commits', async () => {
    const file = path.join(suite.dir, 'blob.bin');
    const bytes = Buffer.alloc(300 * 1024, 7);
    writeFileSync(file, bytes);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const client = new RegistryClient(parseReference(`${suite.proxy.host}/team/gate`), { credentials: null });
    const methods: string[] = [];
    tamper.current = (req, _res, forward) => {
      methods.push(req.method!);
      forward();
      return true;
    };
    const kept: { location: string | null; dropped: boolean } = { location: null, dropped: false };
    const session = {
      load: () => null,
      save: (l: string) => void (kept.location = l),
      drop: () => void (kept.dropped = true),
    };
    try {
      const refused = new Error('the bundle does not verify');
      await expect(
        pushFileBlob(client, 'team/gate', file, { digest, session, beforeFinish: () => Promise.reject(refused) }),
      ).rejects.toBe(refused);
      expect(methods).toEqual(['POST', 'PATCH', 'DELETE']); // no PUT: never finished
      expect(kept.dropped).toBe(true);
      expect(
        (await fetch(`http://${suite.registry.host}/v2/team/gate/blobs/${digest}`, { method: 'HEAD' })).status,
      ).toBe(404);
      // The cancelled upload is gone on the registry too.
      expect((await fetch(`http://${suite.registry.host}${new URL(kept.location!, 'http://x').pathname}`)).status).toBe(
        404,
      );

      methods.length = 0;
      let waited = false;
      const held = await pushFileBlob(client, 'team/gate', file, {
        digest,
        beforeFinish: async () => {
          expect(methods).toEqual(['POST', 'PATCH']); // every byte sent before it is asked
          waited = true;
        },
      });
      expect(waited).toBe(true);
      expect(held.digest).toBe(digest);
      expect(methods).toEqual(['POST', 'PATCH', 'PUT']);
      expect(
        (await fetch(`http://${suite.registry.host}/v2/team/gate/blobs/${digest}`, { method: 'HEAD' })).status,
      ).toBe(200);
    } finally {
      tamper.current = null;
    }
  }, 60_000);
});
