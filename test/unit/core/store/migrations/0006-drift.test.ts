import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../../src-main/core/store/store';
import { migrations } from '../../../../../src-main/core/store/migrations';
import { migration0006 } from '../../../../../src-main/core/store/migrations/0006-drift';
import { detectDrift } from '../../../../../src-main/core/drift/detect-drift';
import { irisLike, sha } from '../../compare/compare-fixtures';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const upTo5 = migrations.filter((m) => m.version <= 5);

describe('migration 0006: drift', () => {
  it('indexes the bundles of a version-5 store, so the next import is compared with them (and raises no alert for them)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m6-'));
    dirs.push(dir);
    const v5 = await openStore(dir, { migrations: upTo5 });
    v5.transaction((tx) => {
      tx.run(
        `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
         VALUES (?, 'iris', NULL, '2026-01-01T00:00:00.000Z', 'dana', 'x.zip', 'verified', 'green', 1, 1, '{}', ?)`,
        [sha('1'), JSON.stringify(irisLike())],
      );
    });
    v5.close();

    const v6 = await openStore(dir, { migrations: [...upTo5, migration0006] });
    try {
      expect(v6.schemaVersion).toBe(6);
      expect(v6.all('SELECT digest, name, sha256 FROM bundle_datasets')).toEqual([
        { digest: sha('1'), name: 'test.csv', sha256: sha('a') },
      ]);
      expect(v6.all('SELECT digest, pipeline FROM bundle_pipelines')).toEqual([
        { digest: sha('1'), pipeline: 'iris pipeline' },
      ]);
      expect(v6.get<{ n: number }>('SELECT COUNT(*) AS n FROM drift_alerts')?.n).toBe(0);
    } finally {
      v6.close();
    }
    // Today's detection (which reads later tables too) against what 0006 indexed.
    const latest = await openStore(dir);
    try {
      const changed = irisLike((m) => {
        m.datasets[0]!.sha256 = sha('9');
        m.files[0]!.sha256 = sha('9');
      });
      const alerts = latest.transaction((tx) => {
        tx.run(
          `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
           VALUES (?, 'iris 2', NULL, '2026-01-02T00:00:00.000Z', 'dana', 'y.zip', 'verified', 'green', 1, 1, '{}', ?)`,
          [sha('2'), JSON.stringify(changed)],
        );
        return detectDrift(tx, sha('2'), changed, 'dana');
      });
      expect(alerts.map((a) => [a.kind, a.earlierDigest])).toEqual([['data', sha('1')]]);
    } finally {
      latest.close();
    }
  });

  it('indexes by its own frozen rules, in import order: data sets (name, else id), then data files no data set names (name, else path)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m6-'));
    dirs.push(dir);
    const v5 = await openStore(dir, { migrations: upTo5 });
    const later = irisLike((m) => {
      m.datasets[0]!.name = null;
      m.datasets[0]!.url = null;
      m.files.push(
        { ...m.files[0]!, path: 'data/named.csv', name: 'named "é"', sha256: null },
        { ...m.files[0]!, path: 'data/plain.csv', name: null },
      );
    });
    const earlier = irisLike((m) => {
      m.pipeline = null;
      m.files.push({ ...m.files[1]!, path: 'model/other.onnx' }); // not data: not indexed
    });
    v5.transaction((tx) => {
      for (const [digest, at, meta] of [
        [sha('2'), '2026-01-02T00:00:00.000Z', later],
        [sha('1'), '2026-01-01T00:00:00.000Z', earlier],
      ] as const) {
        tx.run(
          `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
           VALUES (?, 'b', NULL, ?, 'dana', 'x.zip', 'verified', 'green', 1, 1, '{}', ?)`,
          [digest, at, JSON.stringify(meta)],
        );
      }
    });
    v5.close();
    const v6 = await openStore(dir, { migrations: [...upTo5, migration0006] });
    try {
      expect(v6.all('SELECT digest, name, url, sha256 FROM bundle_datasets ORDER BY rowid')).toEqual([
        { digest: sha('1'), name: 'test.csv', url: 'https://data.example.org/iris', sha256: sha('a') },
        { digest: sha('2'), name: 'eval/test.csv', url: null, sha256: sha('a') },
        { digest: sha('2'), name: 'named "é"', url: null, sha256: null },
        { digest: sha('2'), name: 'data/plain.csv', url: null, sha256: sha('a') },
      ]);
      expect(v6.all('SELECT digest, pipeline FROM bundle_pipelines')).toEqual([
        { digest: sha('2'), pipeline: 'iris pipeline' },
      ]);
    } finally {
      v6.close();
    }
  });

  it('refuses an alert of an unknown kind', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m6-'));
    dirs.push(dir);
    const store = await openStore(dir);
    try {
      expect(() =>
        store.transaction((tx) =>
          tx.run(
            "INSERT INTO drift_alerts (digest, earlier_digest, kind, subject, message, suggestion, created_at) VALUES ('d', 'e', 'weather', 's', 'm', 'x', 't')",
          ),
        ),
      ).toThrow(/CHECK constraint failed/);
    } finally {
      store.close();
    }
  });
});
