import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../../src-main/core/audit/audit-log';
import { addGrant } from '../../../../src-main/core/governance/grants';
import { importBundle } from '../../../../src-main/core/services/import-bundle';
import { listReplays, replayStoredBundle } from '../../../../src-main/core/services/replay-bundle';
import { openStore, type Store } from '../../../../src-main/core/store/store';
import { sampleBundle } from '../../../helpers/cli';
import { restrictedVariant } from '../../../helpers/license-variants';
import { workerFor } from '../replay/replay-fixture';

// Issue 5: replaying restricted data needs a grant, or an override whose reason is audited.
let dir: string;
let store: Store;
let worker: string;
let digest: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'replay-access-'));
  worker = await workerFor('access');
  store = await openStore(path.join(dir, 'store'));
  const restricted = path.join(dir, 'restricted.bundle.zip');
  await restrictedVariant(sampleBundle, restricted, { access: 'restricted' });
  digest = (await importBundle(store, restricted, { actor: 'dana' })).bundleDigest!;
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('replay of restricted data', () => {
  it('is refused without a grant, naming the data, and nothing runs', async () => {
    await expect(replayStoredBundle(store, digest, { actor: 'erin', workerScript: worker })).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringContaining('replay'),
    });
    expect(listReplays(store, { digest, offset: 0, limit: 10 }).total).toBe(0);
    expect(listAudit(store, { offset: 0, limit: 5, action: 'access.refused' }).entries[0]).toMatchObject({
      actor: 'erin',
      subject: expect.stringContaining(digest.slice(0, 8)),
    });
  });

  it('runs with an override, and the reason is audited', async () => {
    const record = await replayStoredBundle(store, digest, {
      actor: 'erin',
      workerScript: worker,
      override: 'incident review 42, approved by legal',
    });
    expect(record.outcome.verdict).toBe('reproduced');
    const override = listAudit(store, { offset: 0, limit: 5, action: 'access.override' }).entries[0];
    expect(JSON.stringify(override?.details)).toContain('incident review 42');
  });

  it('runs for a grantee without an override', async () => {
    addGrant(store, { grantee: 'frank', dataset: 'data/eval/test.csv', bundle: digest, agreement: 'DUA-7' }, 'admin');
    const record = await replayStoredBundle(store, digest, { actor: 'frank', workerScript: worker });
    expect(record.outcome.verdict).toBe('reproduced');
  });
});
