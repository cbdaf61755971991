import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BundleMetadata } from '../../../../src-main/common/schemas/bundle';
import type { Store } from '../../../../src-main/core/store/store';
import { detectDrift, listDriftAlerts } from '../../../../src-main/core/drift/detect-drift';
import { pipelineDrift } from '../../../../src-main/core/drift/find-drift';
import { clockedStore } from '../governance/governance-helpers';
import { irisLike, sha } from '../compare/compare-fixtures';

let ctx: Awaited<ReturnType<typeof clockedStore>>;
let store: Store;
beforeEach(async () => {
  ctx = await clockedStore();
  store = ctx.store;
});
afterEach(() => ctx.dispose());

/** Records a bundle row and runs drift detection in the same transaction, as import does. */
function importMeta(digest: string, meta: BundleMetadata) {
  return store.transaction((tx) => {
    tx.run(
      `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
       VALUES (?, ?, NULL, ?, 'dana', 'x.zip', 'verified', 'green', 1, 10, '{}', ?)`,
      [digest, meta.name ?? 'unnamed', tx.now().toISOString(), JSON.stringify(meta)],
    );
    return detectDrift(tx, digest, meta, 'dana');
  });
}

const withData = (digestChar: string, edit: (m: BundleMetadata) => void = () => {}) =>
  irisLike((m) => {
    m.datasets[0]!.sha256 = sha(digestChar);
    m.files[0]!.sha256 = sha(digestChar);
    edit(m);
  });

describe('detectDrift', () => {
  it('raises nothing for the first bundle, nor for a second with the same data and versions', () => {
    expect(importMeta(sha('1'), irisLike())).toEqual([]);
    expect(
      importMeta(
        sha('2'),
        irisLike((m) => (m.name = 'iris again')),
      ),
    ).toEqual([]);
    expect(store.get<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'drift.detected'")?.n).toBe(0);
  });

  it('a data set with a known origin and another digest: an alert against the earlier bundle (named), audited', () => {
    importMeta(sha('1'), irisLike());
    const alerts = importMeta(sha('2'), withData('9'));
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'data',
        bundleDigest: sha('2'),
        earlierDigest: sha('1'),
        subject: 'test.csv',
        before: sha('a'),
        after: sha('9'),
        suggestion: 'replay to revalidate',
      }),
    ]);
    expect(alerts[0]!.message).toBe(
      'data set "test.csv" has digest 999999999999, but "iris" holds it as aaaaaaaaaaaa (same origin https://data.example.org/iris)',
    );
    expect(alerts[0]).toMatchObject({ earlierName: 'iris', dismissed: null });
    const audit = store.get<{ subject: string; details: string }>(
      "SELECT subject, details_json AS details FROM audit_log WHERE action = 'drift.detected'",
    );
    expect(audit?.subject).toBe(sha('2'));
    expect(JSON.parse(audit!.details)).toMatchObject({
      suggestion: 'replay to revalidate',
      alerts: [{ kind: 'data', subject: 'test.csv', earlier: sha('1') }],
    });
    expect(listDriftAlerts(store, { digest: sha('2') })).toEqual(alerts);
    expect(listDriftAlerts(store, { digest: sha('1') })).toEqual([]);
  });

  it('matches a renamed data set by its origin URL', () => {
    importMeta(sha('1'), irisLike());
    const alerts = importMeta(
      sha('2'),
      withData('9', (m) => (m.datasets[0]!.name = 'iris-test.csv')),
    );
    expect(alerts.map((a) => [a.kind, a.subject])).toEqual([['data', 'iris-test.csv']]);
  });

  it("never matches by file name alone: another pipeline's test.csv without a declared origin raises nothing (issue 17)", () => {
    const noOrigin = (m: BundleMetadata) => (m.datasets[0]!.url = null);
    importMeta(sha('1'), irisLike(noOrigin));
    expect(
      importMeta(
        sha('2'),
        withData('9', (m) => {
          noOrigin(m);
          m.pipeline!.name = 'breast cancer';
          m.name = 'breast cancer';
        }),
      ),
    ).toEqual([]);
    // Nor between two bundles that name no pipeline.
    importMeta(
      sha('3'),
      irisLike((m) => {
        noOrigin(m);
        m.pipeline = null;
      }),
    );
    expect(
      importMeta(
        sha('4'),
        withData('8', (m) => {
          noOrigin(m);
          m.pipeline = null;
        }),
      ),
    ).toEqual([]);
    // Two declared origins that differ are two data sets, even in one pipeline at one path.
    importMeta(
      sha('5'),
      irisLike((m) => {
        m.pipeline!.name = 'p5';
        m.datasets[0]!.url = 'https://data.example.org/a';
      }),
    );
    expect(
      importMeta(
        sha('6'),
        withData('7', (m) => {
          m.pipeline!.name = 'p5';
          m.datasets[0]!.url = 'https://data.example.org/b';
        }),
      ),
    ).toEqual([]);
  });

  it("the same pipeline's data (same path) with other bytes is drift without an origin, naming the earlier bundle", () => {
    const noOrigin = (m: BundleMetadata) => (m.datasets[0]!.url = null);
    importMeta(sha('1'), irisLike(noOrigin));
    const alerts = importMeta(
      sha('2'),
      withData('9', (m) => {
        noOrigin(m);
        m.name = 'iris rerun';
      }),
    );
    expect(alerts.map((a) => [a.kind, a.subject, a.earlierDigest, a.earlierName])).toEqual([
      ['data', 'test.csv', sha('1'), 'iris'],
    ]);
    expect(alerts[0]!.message).toMatch(/\(same data of pipeline "iris pipeline"\)$/);
  });

  it('matches by a declared identifier (a DOI) across pipelines', () => {
    const doi = (m: BundleMetadata) => {
      m.datasets[0]!.url = null;
      m.datasets[0]!.identifier = 'doi:10.5281/zenodo.1';
    };
    importMeta(sha('1'), irisLike(doi));
    const alerts = importMeta(
      sha('2'),
      withData('9', (m) => {
        doi(m);
        m.pipeline!.name = 'elsewhere';
        m.datasets[0]!.name = 'renamed.csv';
      }),
    );
    expect(alerts.map((a) => [a.subject, a.earlierDigest])).toEqual([['renamed.csv', sha('1')]]);
    expect(alerts[0]!.message).toMatch(/same origin doi:10\.5281\/zenodo\.1/);
  });

  it('compares with the latest earlier holder only: A, B, B alerts once', () => {
    importMeta(sha('1'), irisLike());
    expect(importMeta(sha('2'), withData('9'))).toHaveLength(1);
    expect(
      importMeta(
        sha('3'),
        withData('9', (m) => (m.name = 'third')),
      ),
    ).toEqual([]);
  });

  it('module and package versions against the previous bundle of the same pipeline', () => {
    importMeta(sha('1'), irisLike());
    const alerts = importMeta(
      sha('2'),
      irisLike((m) => {
        m.modules[0]!.version = '2.1.0';
        m.environment!.packages = { numpy: '2.0.0', 'scikit-learn': '1.2.1' };
      }),
    );
    expect(alerts.map((a) => [a.kind, a.subject, a.before, a.after])).toEqual([
      ['package', 'numpy', '1.24.2', '2.0.0'],
      ['module', 'training version', '2.0.1', '2.1.0'],
    ]);
    // Another pipeline with other versions raises nothing.
    expect(
      importMeta(
        sha('3'),
        irisLike((m) => {
          m.pipeline!.name = 'another pipeline';
          m.environment!.packages = { numpy: '1.0.0' };
        }),
      ),
    ).toEqual([]);
  });

  it('pipelineDrift reports a changed runtime, a module commit and an added package', () => {
    const after = irisLike((m) => {
      m.environment!.runtime = { name: 'python', version: '3.12.0' };
      m.modules[0]!.identifier = 'beef';
      m.environment!.packages!.torch = '2.3.0';
    });
    expect(pipelineDrift(irisLike(), after).map((f) => `${f.kind}:${f.subject}:${f.before}→${f.after}`)).toEqual([
      'module:training commit:c0ffee→beef',
      'package:torch:null→2.3.0',
      'runtime:runtime:python 3.11.2→python 3.12.0',
    ]);
  });
});
