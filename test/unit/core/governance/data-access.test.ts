import { afterEach, describe, expect, it } from 'vitest';
import { listAudit, verifyChain } from '../../../../src-main/core/audit/audit-log';
import {
  addGrant,
  listGrants,
  resolveDataset,
  revokeGrant,
  storeNow,
} from '../../../../src-main/core/governance/grants';
import { bundleDataItems, checkDataAccess, requireDataAccess } from '../../../../src-main/core/governance/data-access';
import { listAccessEvents } from '../../../../src-main/core/governance/access-events';
import { auditActions, clockedStore, dataset, file, metadata, sha, storeBundle } from './governance-helpers';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const faces = sha('a');
const digest = sha('1');
const other = sha('2');

/** A bundle with restricted face data, internal test data and code. */
async function withBundles() {
  const s = await clockedStore();
  cleanups.push(s.dispose);
  storeBundle(
    s.store,
    digest,
    metadata({
      name: 'faces',
      files: [
        file('code/train.py', 'code', 'MIT'),
        file('data/faces.csv', 'data', 'CC-BY-4.0', 'restricted', faces),
        file('eval/test.csv', 'data', 'MIT', 'internal', sha('b')),
      ],
    }),
  );
  storeBundle(
    s.store,
    other,
    metadata({ name: 'faces again', files: [file('data/faces.csv', 'data', 'CC-BY-4.0', 'restricted', faces)] }),
  );
  return s;
}
const events = (store: Parameters<typeof listAccessEvents>[0]) =>
  listAccessEvents(store, { offset: 0, limit: 100 }).events;

describe('data items of a bundle', () => {
  it('lists data files, guarded files of any role and declared data sets that are not files, with the stricter class', () => {
    const meta = metadata({
      files: [
        file('code/a.py', 'code', 'MIT'),
        file('model/m.onnx', 'model', 'MIT', 'confidential', sha('m')),
        file('d.csv', 'data', 'MIT', 'internal', sha('d')),
      ],
      datasets: [
        dataset('d.csv', 'MIT', 'restricted', sha('d')),
        dataset('https://example.org/ext', 'MIT', 'confidential', null),
      ],
    });
    expect(bundleDataItems(meta)).toEqual([
      { path: 'model/m.onnx', sha256: sha('m'), classification: 'confidential' },
      { path: 'd.csv', sha256: sha('d'), classification: 'restricted' },
      { path: 'https://example.org/ext', sha256: null, classification: 'confidential' },
    ]);
  });
});

describe('checkDataAccess', () => {
  it('refuses restricted data without a grant, says why, and records the refusal', async () => {
    const { store } = await withBundles();
    const decision = checkDataAccess(store, { actor: 'sam', digest, purpose: 'export' });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe(
      'refused: sam holds no valid grant for data/faces.csv (restricted); ask for a grant, or give an override reason (audited)',
    );
    expect(events(store)).toMatchObject([
      {
        actor: 'sam',
        datasetPath: 'data/faces.csv',
        outcome: 'refused',
        purpose: 'export',
        classification: 'restricted',
        bundleName: 'faces',
      },
    ]);
    expect(listAudit(store, { action: 'access.refused' }).entries[0]).toMatchObject({
      actor: 'sam',
      subject: digest,
      details: { purpose: 'export', outcome: 'refused' },
    });
    expect(() => requireDataAccess(store, { actor: 'sam', digest, purpose: 'replay' })).toThrow(
      /^replay refused: sam holds no valid grant for data\/faces\.csv/,
    );
  });

  it('allows it with an override reason, audited with the reason, and records every data item used', async () => {
    const { store } = await withBundles();
    const decision = checkDataAccess(store, {
      actor: 'sam',
      digest,
      purpose: 'replay',
      override: 'incident review INC-42',
    });
    expect(decision).toMatchObject({
      allowed: true,
      reason: 'allowed by override (incident review INC-42) without a grant for data/faces.csv (restricted)',
    });
    const entry = listAudit(store, { action: 'access.override' }).entries[0]!;
    expect(entry.details).toMatchObject({ purpose: 'replay', overrideReason: 'incident review INC-42' });
    expect(events(store).map((e) => [e.datasetPath, e.outcome, e.overrideReason])).toEqual([
      ['eval/test.csv', 'allowed', null],
      ['data/faces.csv', 'override', 'incident review INC-42'],
    ]);
    expect(() => checkDataAccess(store, { actor: 'sam', digest, purpose: 'replay', override: '  ' })).toThrow(
      /an override needs a reason/,
    );
  });

  it('allows the grantee (any case) under a grant for the file, in every bundle that holds it', async () => {
    const { store } = await withBundles();
    const grant = addGrant(store, { grantee: 'Sam', dataset: faces, agreement: 'DUA-2026-07' }, 'lee');
    expect(grant).toMatchObject({
      datasetPath: 'data/faces.csv',
      datasetSha256: faces,
      bundleDigest: null,
      state: 'active',
      grantedBy: 'lee',
    });
    for (const d of [digest, other]) {
      const decision = checkDataAccess(store, { actor: 'sam', digest: d, purpose: 'open' });
      expect(decision.allowed).toBe(true);
      expect(decision.items.find((i) => i.path === 'data/faces.csv')).toMatchObject({
        outcome: 'granted',
        grantId: grant.id,
      });
    }
    expect(checkDataAccess(store, { actor: 'kim', digest, purpose: 'open' }).allowed).toBe(false);
    expect(auditActions(store).filter((a) => a.startsWith('access.'))).toEqual([
      'access.grant',
      'access.open',
      'access.open',
      'access.refused',
    ]);
  });

  it('limits a grant scoped to one bundle to that bundle', async () => {
    const { store } = await withBundles();
    addGrant(store, { grantee: 'sam', dataset: 'data/faces.csv', bundle: other, agreement: 'DUA' }, 'lee');
    expect(checkDataAccess(store, { actor: 'sam', digest: other, purpose: 'open' }).allowed).toBe(true);
    expect(checkDataAccess(store, { actor: 'sam', digest, purpose: 'open' }).allowed).toBe(false);
  });

  it('stops honouring a grant when it expires by the store clock, and audits the expiry once', async () => {
    const { store, clock } = await withBundles();
    const grant = addGrant(
      store,
      { grantee: 'sam', dataset: faces, agreement: 'DUA', expiresAt: '2026-03-10T00:00:00+01:00' },
      'lee',
    );
    expect(grant.expiresAt).toBe('2026-03-09T23:00:00.000Z');
    clock.now = new Date('2026-03-09T22:59:59.000Z');
    expect(checkDataAccess(store, { actor: 'sam', digest, purpose: 'replay' }).allowed).toBe(true);
    clock.now = new Date('2026-03-09T23:00:00.000Z');
    expect(listGrants(store, storeNow(store))[0]!.state).toBe('expired');
    const decision = checkDataAccess(store, { actor: 'sam', digest, purpose: 'replay' });
    expect(decision.allowed).toBe(false);
    checkDataAccess(store, { actor: 'sam', digest, purpose: 'replay' });
    expect(auditActions(store).filter((a) => a === 'access.grant-expired')).toHaveLength(1);
    expect(listAudit(store, { action: 'access.grant-expired' }).entries[0]).toMatchObject({
      subject: grant.id,
      time: '2026-03-09T23:00:00.000Z',
    });
  });

  it('refuses an expiry that is not in the future', async () => {
    const { store } = await withBundles();
    expect(() =>
      addGrant(store, { grantee: 'sam', dataset: faces, agreement: 'DUA', expiresAt: '2026-03-01T08:00:00Z' }, 'lee'),
    ).toThrow(/is not in the future/);
  });

  it('revokes a grant with a reason (audited); a second revocation is a conflict', async () => {
    const { store } = await withBundles();
    const grant = addGrant(store, { grantee: 'sam', dataset: faces, agreement: 'DUA' }, 'lee');
    const revoked = revokeGrant(store, grant.id, 'project ended', 'lee');
    expect(revoked).toMatchObject({ state: 'revoked', revokedBy: 'lee', revokeReason: 'project ended' });
    expect(checkDataAccess(store, { actor: 'sam', digest, purpose: 'open' }).allowed).toBe(false);
    expect(() => revokeGrant(store, grant.id, 'again', 'lee')).toThrow(/already revoked/);
    expect(() => revokeGrant(store, grant.id, ' ', 'lee')).toThrow(/needs a reason/);
    expect(() => revokeGrant(store, 'grant-nope', 'x', 'lee')).toThrow(/no access grant with id grant-nope/);
    expect(listAudit(store, { action: 'access.revoke' }).entries[0]!.details).toMatchObject({
      reason: 'project ended',
      grantee: 'sam',
    });
    expect(verifyChain(store).valid).toBe(true);
  });

  it('answers not-found for an unknown bundle', async () => {
    const { store } = await withBundles();
    expect(() => checkDataAccess(store, { actor: 'sam', digest: sha('9'), purpose: 'open' })).toThrow(
      /no bundle with digest/,
    );
  });

  it('checks a bundle file that is not stored by its metadata, and honours grants on its data by content hash', async () => {
    const { store } = await withBundles();
    const meta = metadata({
      name: 'file only',
      files: [file('data/faces.csv', 'data', 'CC-BY-4.0', 'restricted', faces)],
    });
    expect(checkDataAccess(store, { actor: 'sam', digest: sha('7'), purpose: 'replay', metadata: meta })).toMatchObject(
      { allowed: false },
    );
    addGrant(store, { grantee: 'sam', dataset: faces, agreement: 'DUA' }, 'lee');
    expect(checkDataAccess(store, { actor: 'sam', digest: sha('7'), purpose: 'replay', metadata: meta })).toMatchObject(
      { allowed: true, items: [{ outcome: 'granted' }] },
    );
    expect(events(store)[0]).toMatchObject({ bundleDigest: sha('7'), bundleName: null, outcome: 'granted' });
  });
});

describe('resolving a data set for a grant', () => {
  it('takes a SHA-256 or a path (with or without data/), and names the ambiguity or the miss', async () => {
    const { store } = await withBundles();
    storeBundle(
      store,
      sha('3'),
      metadata({ name: 'other faces', files: [file('data/faces.csv', 'data', 'MIT', 'restricted', sha('c'))] }),
    );
    expect(resolveDataset(store, 'eval/test.csv')).toEqual({ sha256: sha('b'), path: 'eval/test.csv' });
    expect(resolveDataset(store, 'data/eval/test.csv')).toEqual({ sha256: sha('b'), path: 'eval/test.csv' });
    expect(() => resolveDataset(store, 'data/faces.csv')).toThrow(
      /names 2 different files across bundles; give the bundle or the file's SHA-256/,
    );
    expect(resolveDataset(store, 'data/faces.csv', sha('3'))).toEqual({ sha256: sha('c'), path: 'data/faces.csv' });
    expect(() => resolveDataset(store, 'nope.csv')).toThrow(/no data set nope\.csv in this store/);
    expect(() => resolveDataset(store, sha('e'))).toThrow(/no data file with SHA-256/);
    expect(() => resolveDataset(store, 'eval/test.csv', sha('8'))).toThrow(/no bundle with digest/);
  });
});
