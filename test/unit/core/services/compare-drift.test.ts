import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../../../src-main/core/store/store';
import { importBundle } from '../../../../src-main/core/services/import-bundle';
import { compareStoredBundles } from '../../../../src-main/core/services/compare-bundles';
import { listDriftAlerts } from '../../../../src-main/core/drift/detect-drift';
import { sampleBundle } from '../../../helpers/cli';
import { compareVariant } from '../../../helpers/compare-variants';

let dir: string;
let store: Store;
let a: string;
let b: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-compare-'));
  const variant = path.join(dir, 'variant.bundle.zip');
  await compareVariant(sampleBundle, variant, {
    dataFile: Buffer.from('sepal_length,label\n5.1,0\n'),
    numpyVersion: '2.0.0',
  });
  store = await openStore(path.join(dir, 'store'));
  a = (await importBundle(store, sampleBundle, { actor: 'dana' })).bundleDigest!;
  b = (await importBundle(store, variant, { actor: 'dana' })).bundleDigest!;
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('drift on import', () => {
  it('raises a data alert and a package alert in the import transaction, audited after the import entry', () => {
    const alerts = listDriftAlerts(store, { digest: b });
    expect(alerts.map((x) => [x.kind, x.subject, x.earlierDigest])).toEqual([
      ['data', 'test.csv', a],
      ['package', 'numpy', a],
    ]);
    const actions = store
      .all<{ action: string; subject: string }>('SELECT action, subject FROM audit_log ORDER BY seq')
      .map((r) => `${r.action}:${r.subject.slice(0, 8)}`);
    expect(actions.slice(-2)).toEqual([`bundle.import:${b.slice(0, 8)}`, `drift.detected:${b.slice(0, 8)}`]);
    expect(listDriftAlerts(store, { digest: a })).toEqual([]);
  });

  it('importing the same bundle again raises nothing new', async () => {
    await importBundle(store, sampleBundle, { actor: 'dana' });
    expect(listDriftAlerts(store)).toHaveLength(2);
  });
});

describe('compareStoredBundles', () => {
  it('compares two stored bundles with license statuses under the stored policy', () => {
    const report = compareStoredBundles(store, a, b);
    expect(report.bundles).toEqual({ a, b });
    expect(report.data).toMatchObject([{ name: 'test.csv', loud: true, change: 'changed' }]);
    expect(report.environment).toEqual([{ name: 'packages.numpy', a: '1.24.2', b: '2.0.0', change: 'changed' }]);
    expect(compareStoredBundles(store, a, b, true).licenses.find((l) => l.name === 'model/model.onnx')).toMatchObject({
      a: 'MIT · allowed',
      change: 'same',
    });
  });

  it('includes the latest replayed metrics of a replayed bundle', () => {
    const outcome = {
      verdict: 'reproduced',
      reason: 'ok',
      metrics: [
        { name: 'accuracy', reported: 1, replayed: 0.98, delta: -0.02, tolerance: { abs: 0.05, rel: 0 }, pass: true },
      ],
      predictions: null,
      outputSha256: null,
      environment: {
        recorded: null,
        local: { os: 'linux', arch: 'x64', cpu: 'x', runtime: { name: 'onnxruntime-node', version: '1' }, node: '22' },
        differences: [],
      },
      durationMs: 1,
      resources: { cpuMs: 1, peakRssBytes: 1 },
    };
    store.transaction((tx) =>
      tx.run(
        "INSERT INTO replays (id, digest, started_at, finished_at, actor, verdict, reason, duration_ms, cpu_ms, peak_rss_bytes, outcome_json) VALUES ('r1', ?, '2026-01-01', '2026-01-01', 'dana', 'reproduced', 'ok', 1, 1, 1, ?)",
        [a, JSON.stringify(outcome)],
      ),
    );
    expect(compareStoredBundles(store, a, b).metrics.filter((m) => m.source === 'replayed')).toEqual([
      { name: 'accuracy', a: 0.98, b: null, change: 'removed', source: 'replayed', note: 'B has no stored replay' },
    ]);
  });

  it('an unknown digest is not-found', () => {
    expect(() => compareStoredBundles(store, a, 'f'.repeat(64))).toThrow(/no bundle with digest f+ in this store/);
  });
});

describe('compareStoredBundles: data sets paired by origin, as drift pairs them', () => {
  let other: Store;
  let otherDir: string;
  beforeAll(() => {
    otherDir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-compare-origin-'));
  });
  afterAll(() => {
    other?.close();
    rmSync(otherDir, { recursive: true, force: true });
  });

  it('two bundles that both hold test.csv from different origins hold different data sets: no pair, no alarm', async () => {
    const iris = path.join(otherDir, 'iris.bundle.zip');
    const cancer = path.join(otherDir, 'cancer.bundle.zip');
    await compareVariant(sampleBundle, iris, { dataOrigin: 'https://data.example.org/iris' });
    await compareVariant(sampleBundle, cancer, {
      name: 'Breast cancer logistic regression',
      pipelineName: 'breast cancer pipeline',
      dataOrigin: 'https://data.example.org/breast-cancer',
      dataFile: Buffer.from('radius,label\n17.99,1\n'),
    });
    other = await openStore(path.join(otherDir, 'store'));
    const x = (await importBundle(other, iris, { actor: 'dana' })).bundleDigest!;
    const y = (await importBundle(other, cancer, { actor: 'dana' })).bundleDigest!;
    // Drift raises nothing about the data...
    expect(listDriftAlerts(other, { digest: y }).filter((alert) => alert.kind === 'data')).toEqual([]);
    // ...and Compare does not pair the two test.csv either: each is listed on its side as a different data set.
    const report = compareStoredBundles(other, x, y);
    const note = 'origin https://data.example.org/iris vs https://data.example.org/breast-cancer';
    expect(report.data).toEqual([
      {
        name: 'test.csv',
        a: expect.stringMatching(/^[0-9a-f]{64}$/),
        b: null,
        change: 'removed',
        note: `different data set from B's test.csv (${note})`,
      },
      {
        name: 'test.csv',
        a: null,
        b: expect.stringMatching(/^[0-9a-f]{64}$/),
        change: 'added',
        note: `different data set from A's test.csv (${note})`,
      },
    ]);
    expect(report.data.some((e) => e.loud)).toBe(false);
  });
});
