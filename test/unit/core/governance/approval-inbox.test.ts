import { describe, expect, it } from 'vitest';
import type { DecideResult, Identity } from '../../../../src-main/common/schemas/governance';
import { approvalInbox } from '../../../../src-main/core/governance/approval-inbox';
import { readIdentity } from '../../../../src-main/core/governance/local-identity';
import { addBundle, addReplay, governanceStore, runMeta, sha } from './governance-helpers';
import { signAsLocalIdentity } from './authorship-helpers';

describe('approvalInbox', () => {
  it('counts every waiting bundle and evaluates only the newest `limit`; the count and owner count match a full evaluation', async () => {
    const { store, call, tick } = await governanceStore();
    await call<Identity>('identity:create', { name: 'Ravi', email: 'ravi@example.org' });
    // A baseline approved by Ravi, then runs that change the loader (owned by Ravi) or not, Ravi's own run, and a
    // rejected one.
    addBundle(store, sha('1'), runMeta('baseline', 'dana@example.org', [['loader', '1.0']]));
    addReplay(store, sha('1'), 'reproduced', '2026-03-01T08:00:00.000Z');
    expect(
      (await call<DecideResult>('approvals:decide', { digest: sha('1'), decision: 'approve', reason: 'ok' })).accepted,
    ).toBe(true);
    await call('modules:setOwners', { module: 'loader', owners: ['ravi@example.org'] });
    const runs: [string, string, string][] = [
      ['2', 'dana@example.org', '1.1'],
      ['3', 'lena@example.org', '1.0'],
      ['4', 'lena@example.org', '1.2'], // Ravi's own run (he signed it, the metadata names Lena): never waits for him
      ['5', 'omar@example.org', '1.3'],
      ['6', 'kim@example.org', '1.0'],
    ];
    for (const [c, author, loader] of runs) {
      tick();
      addBundle(store, sha(c), runMeta(`run ${c}`, author, [['loader', loader]]));
    }
    await signAsLocalIdentity(store, sha('4')); // his own run is the one he signed, whatever its metadata says
    addReplay(store, sha('6'), 'reproduced', '2026-03-02T08:00:00.000Z');
    expect(
      (await call<DecideResult>('approvals:decide', { digest: sha('6'), decision: 'reject', reason: 'wrong split' }))
        .accepted,
    ).toBe(true);

    const identity = readIdentity(store);
    const full = approvalInbox(store, identity);
    // newest first; 1 approved, 4 his own, 6 rejected
    expect(full.items.map((i) => i.name)).toEqual(['run 5', 'run 3', 'run 2']);
    expect(full.total).toBe(3);
    expect(full.ownerRequired).toBe(full.items.filter((i) => i.ownerRequired).length);
    // the loader changed
    expect(full.items.filter((i) => i.ownerRequired).map((i) => i.name)).toEqual(['run 5', 'run 2']);
    const capped = approvalInbox(store, identity, { limit: 1 });
    expect(capped).toEqual({ total: 3, ownerRequired: 2, items: full.items.slice(0, 1) });

    // Without an identity nothing is anyone's own run, and no owner is asked for.
    const anyone = approvalInbox(store, null);
    expect(anyone.items.map((i) => i.name)).toEqual(['run 5', 'run 4', 'run 3', 'run 2']);
    expect(anyone.ownerRequired).toBe(0);

    // The channel lists the newest in full and says how many wait in all.
    expect(await call('approvals:inbox', {})).toMatchObject({ total: 3, items: full.items });
  });
});
