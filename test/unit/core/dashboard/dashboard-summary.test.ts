import { describe, expect, it } from 'vitest';
import type { DecideResult } from '../../../../src-main/common/schemas/governance';
import { dashboardSummary } from '../../../../src-main/core/dashboard/dashboard-summary';
import { replicationCounts } from '../../../../src-main/core/governance/replication-states';
import { addGrant } from '../../../../src-main/core/governance/grants';
import { listBundles } from '../../../../src-main/core/services/bundle-queries';
import { dashboardSchema } from '../../../../src-main/common/schemas/dashboard';
import { addBundle, addReplay, file, governanceStore, runMeta, sha } from '../governance/governance-helpers';

async function team() {
  const s = await governanceStore('2026-03-10T09:00:00.000Z');
  await s.call('identity:create', { name: 'Ravi', email: 'ravi@example.org' });
  return s;
}

describe('dashboardSummary', () => {
  it('counts each bundle once in its replication state; a holding decision wins over the replay', async () => {
    const { store, call } = await team();
    const states: [string, string][] = [
      ['1', 'approved'],
      ['2', 'rejected'],
      ['3', 'reproduced'],
      ['4', 'not-reproduced'],
      ['5', 'failed'],
      ['6', 'pending'],
    ];
    for (const [c] of states)
      addBundle(store, sha(c), runMeta(`run ${c}`, 'dana@example.org', [['loader', '1.0']], `pipeline ${c}`));
    addReplay(store, sha('1'), 'reproduced', '2026-03-01T08:00:00.000Z', {
      durationMs: 1200,
      cpuMs: 900,
      peakRssBytes: 150e6,
    });
    addReplay(store, sha('2'), 'reproduced', '2026-03-01T09:00:00.000Z', {
      durationMs: 800,
      cpuMs: 700,
      peakRssBytes: 120e6,
    });
    addReplay(store, sha('3'), 'not-reproduced', '2026-03-02T08:00:00.000Z'); // an older replay that did not reproduce…
    addReplay(store, sha('3'), 'reproduced', '2026-03-03T08:00:00.000Z'); // …the latest one counts
    addReplay(store, sha('4'), 'not-reproduced', '2026-03-03T09:00:00.000Z');
    addReplay(store, sha('5'), 'failed', '2026-03-04T08:00:00.000Z', {
      durationMs: 30_000,
      cpuMs: 100,
      peakRssBytes: 2e9,
    });
    const approve = await call<DecideResult>('approvals:decide', {
      digest: sha('1'),
      decision: 'approve',
      reason: 'checked',
    });
    expect(approve.accepted).toBe(true);
    const reject = await call<DecideResult>('approvals:decide', {
      digest: sha('2'),
      decision: 'reject',
      reason: 'wrong split',
    });
    expect(reject.accepted).toBe(true);

    const d = dashboardSchema.parse(dashboardSummary(store, new Date('2026-03-10T09:00:00.000Z')));
    // The replay that could not run is its own state, not a "not reproduced".
    expect(d.replications).toEqual({
      approved: 1,
      rejected: 1,
      reproduced: 1,
      'not-reproduced': 1,
      failed: 1,
      pending: 1,
    });
    expect(d.totals).toMatchObject({ bundles: 6, replays: 6 });
    expect(d.successRate).toEqual({
      granularity: 'day',
      points: [
        { period: '2026-03-01', replays: 2, reproduced: 2, failed: 0, rate: 1 },
        { period: '2026-03-02', replays: 1, reproduced: 0, failed: 0, rate: 0 },
        { period: '2026-03-03', replays: 2, reproduced: 1, failed: 0, rate: 0.5 },
      ],
      // The replay of 03-04 could not run: counted beside the rate, never as not reproduced.
      failed: 1,
    });
    // oldest first
    expect(d.resources.recent.map((r) => r.name)).toEqual(['run 1', 'run 2', 'run 3', 'run 3', 'run 4', 'run 5']);
    expect(d.resources.recent.at(-1)).toMatchObject({
      verdict: 'failed',
      durationMs: 30_000,
      peakRssBytes: 2e9,
      bundleDigest: sha('5'),
    });
    expect(d.resources.durationMs).toEqual({ median: 402.5, p95: 30_000, max: 30_000 }); // 5, 5, 5, 800, 1200, 30000
    // Ravi decided 1 and 2; the other four wait for him, newest import first.
    expect(d.approvals).toMatchObject({ identity: { email: 'ravi@example.org' }, waiting: 4, ownerRequired: 0 });
    expect(d.approvals.items.map((i) => i.bundleDigest).sort()).toEqual([sha('3'), sha('4'), sha('5'), sha('6')]);

    // The same states filter the bundle list the dashboard links to, and label its rows.
    const listed = listBundles(store, {
      state: 'not-reproduced',
      sort: 'name',
      direction: 'asc',
      offset: 0,
      limit: 50,
    });
    expect(listed).toMatchObject({ total: 1, bundles: [{ name: 'run 4', replication: 'not-reproduced' }] });
    expect(listBundles(store, { state: 'failed', sort: 'name', direction: 'asc', offset: 0, limit: 50 })).toMatchObject(
      { total: 1, bundles: [{ name: 'run 5', replication: 'failed' }] },
    );
    expect(
      listBundles(store, { sort: 'name', direction: 'asc', offset: 0, limit: 50 }).bundles.map((b) => b.replication),
    ).toEqual(['approved', 'rejected', 'reproduced', 'not-reproduced', 'failed', 'pending']);
  });

  it('a bundle whose latest replay could not run is failed, never not reproduced; a later replay moves it', async () => {
    const { store } = await team();
    addBundle(store, sha('f'), runMeta('run f', 'dana@example.org', [['loader', '1.0']], 'pipeline f'));
    const stateOf = () =>
      listBundles(store, { sort: 'name', direction: 'asc', offset: 0, limit: 5 }).bundles[0]?.replication;
    const counts = () =>
      dashboardSchema.parse(dashboardSummary(store, new Date('2026-03-10T09:00:00.000Z'))).replications;

    // A replay that did not reproduce, then one that could not run: the latest says the replay could not run, which
    // is no evidence either way, so the bundle is failed (not counted as not reproduced).
    addReplay(store, sha('f'), 'not-reproduced', '2026-03-01T08:00:00.000Z');
    expect(stateOf()).toBe('not-reproduced');
    addReplay(store, sha('f'), 'failed', '2026-03-02T08:00:00.000Z');
    expect(stateOf()).toBe('failed');
    expect(counts()).toMatchObject({ failed: 1, 'not-reproduced': 0, reproduced: 0, pending: 0 });
    expect(replicationCounts(store)).toMatchObject({ failed: 1, 'not-reproduced': 0 });

    // Fixed and replayed again: the reproduced replay moves it.
    addReplay(store, sha('f'), 'reproduced', '2026-03-03T08:00:00.000Z');
    expect(stateOf()).toBe('reproduced');
    expect(counts()).toMatchObject({ failed: 0, 'not-reproduced': 0, reproduced: 1 });
    expect(listBundles(store, { state: 'failed', sort: 'name', direction: 'asc', offset: 0, limit: 5 }).total).toBe(0);
  });

  it('an empty store gives zeros and empty series, not errors', async () => {
    const { store } = await team();
    const d = dashboardSummary(store, new Date('2026-03-10T09:00:00.000Z'));
    expect(d.replications).toEqual({
      pending: 0,
      reproduced: 0,
      'not-reproduced': 0,
      failed: 0,
      approved: 0,
      rejected: 0,
    });
    expect(d.successRate.points).toEqual([]);
    expect(d.resources).toEqual({ recent: [], durationMs: null, cpuMs: null, peakRssBytes: null });
    expect(d.approvals.waiting).toBe(0);
    expect(d.licenses).toEqual({ denied: 0, needsReview: 0, expiringGrants: [], refusedAccess: 0, overrides: 0 });
    expect(d.drift).toEqual({ open: 0, total: 0, latest: [] });
  });

  it('raises license and access alerts: denied and review verdicts, grants expiring within 14 days, refusals and overrides of the last 30 days', async () => {
    const { store, clock } = await team();
    const restricted = file('data/train.csv', 'data', 'CC-BY-4.0', 'restricted', sha('d'));
    const meta = runMeta('restricted run', 'dana@example.org', [['loader', '1.0']]);
    addBundle(store, sha('1'), { ...meta, files: [...meta.files, restricted] });
    addBundle(store, sha('2'), {
      ...runMeta('gpl model', 'dana@example.org', [['loader', '1.0']]),
      license: 'GPL-3.0-only',
      files: [file('data/model/model.onnx', 'model', 'GPL-3.0-only')],
    });
    addBundle(store, sha('3'), {
      ...runMeta('odd license', 'dana@example.org', [['loader', '1.0']]),
      files: [file('data/model/model.onnx', 'model', 'LicenseRef-inhouse')],
    });
    const soon = addGrant(
      store,
      {
        grantee: 'lena',
        dataset: 'data/train.csv',
        bundle: sha('1'),
        agreement: 'DUA-7',
        expiresAt: '2026-03-15T00:00:00.000Z',
      },
      'ravi',
    );
    addGrant(
      store,
      {
        grantee: 'omar',
        dataset: 'data/train.csv',
        bundle: sha('1'),
        agreement: 'DUA-8',
        expiresAt: '2026-06-01T00:00:00.000Z',
      },
      'ravi',
    );
    addGrant(store, { grantee: 'kim', dataset: 'data/train.csv', bundle: sha('1'), agreement: 'DUA-9' }, 'ravi');
    const event = (time: string, outcome: string) =>
      store.transaction((tx) =>
        tx.run(
          `INSERT INTO access_events (time, actor, digest, dataset_path, classification, purpose, outcome, reason) VALUES (?, 'lena', ?, 'data/train.csv', 'restricted', 'replay', ?, 'test')`,
          [time, sha('1'), outcome],
        ),
      );
    event('2026-03-09T00:00:00.000Z', 'refused');
    event('2026-03-08T00:00:00.000Z', 'override');
    event('2026-01-01T00:00:00.000Z', 'refused'); // older than 30 days
    event('2026-03-09T00:00:00.000Z', 'granted');
    clock.now = new Date('2026-03-10T09:00:00.000Z');

    const d = dashboardSummary(store, clock.now);
    expect(d.licenses).toMatchObject({
      refusedAccess: 1,
      overrides: 1,
      expiringGrants: [
        { id: soon.id, grantee: 'lena', datasetPath: 'data/train.csv', expiresAt: '2026-03-15T00:00:00.000Z' },
      ],
    });
    const verdicts = store.all<{ verdict: string }>('SELECT verdict FROM bundle_licenses').map((r) => r.verdict);
    expect(d.licenses.denied).toBe(verdicts.filter((v) => v === 'denied').length);
    expect(d.licenses.needsReview).toBe(verdicts.filter((v) => v === 'needs-review').length);
    expect(d.licenses.denied + d.licenses.needsReview).toBeGreaterThanOrEqual(2); // GPL model and the LicenseRef one
  });

  it('a drift alert stays open until its bundle is replayed after it was raised', async () => {
    const { store } = await team();
    addBundle(store, sha('1'), runMeta('before', 'dana@example.org', [['loader', '1.0']]));
    addBundle(store, sha('2'), runMeta('after', 'dana@example.org', [['loader', '1.1']]));
    const alert = (digest: string, kind: string, at: string) =>
      store.transaction((tx) =>
        tx.run(
          `INSERT INTO drift_alerts (digest, earlier_digest, kind, subject, before, after, message, suggestion, created_at) VALUES (?, ?, ?, 'loader', '1.0', '1.1', 'loader changed', 'replay it', ?)`,
          [digest, sha('1'), kind, at],
        ),
      );
    alert(sha('2'), 'module', '2026-03-05T00:00:00.000Z');
    addReplay(store, sha('2'), 'reproduced', '2026-03-04T00:00:00.000Z'); // before the alert: does not revalidate
    expect(dashboardSummary(store, new Date()).drift).toMatchObject({
      open: 1,
      total: 1,
      latest: [{ bundleDigest: sha('2'), name: 'after', kind: 'module' }],
    });
    addReplay(store, sha('2'), 'reproduced', '2026-03-06T00:00:00.000Z');
    expect(dashboardSummary(store, new Date()).drift).toEqual({ open: 0, total: 1, latest: [] });
    expect(replicationCounts(store)).toMatchObject({ reproduced: 1, pending: 1 });
  });
});
