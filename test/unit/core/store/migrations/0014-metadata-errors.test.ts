import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../../src-main/core/store/store';
import { migrations } from '../../../../../src-main/core/store/migrations';
import { migration0014 } from '../../../../../src-main/core/store/migrations/0014-metadata-errors';
import { bundleSummary } from '../../../../../src-main/core/store/repos/bundle-list-repo';
import { insertBundle } from '../../../../../src-main/core/store/repos/bundles-repo';
import { irisLike, sha } from '../../compare/compare-fixtures';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const upTo13 = migrations.filter((m) => m.version <= 13);
const withProblems = irisLike((m) => {
  m.problems = [
    { code: 'crate-file-absent', message: 'a file the crate lists is absent', severity: 'error' },
    { code: 'access-unclassified', message: 'no access class', severity: 'warning' },
  ];
});

describe('migration 0014: metadata errors, and the integrity classification (issue 17)', () => {
  it("back-fills each stored bundle's error count; the summary says verified, verified with problems (errors or weak hashes) or refused", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m14-'));
    dirs.push(dir);
    const v13 = await openStore(dir, { migrations: upTo13 });
    const row = (digest: string, status: string, metadata: string, state = 'ok') =>
      v13.transaction((tx) =>
        tx.run(
          `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json, metadata_state)
           VALUES (?, ?, NULL, '2026-01-01T00:00:00.000Z', 'dana', 'x.zip', ?, 'green', 1, 1, '{}', ?, ?)`,
          [digest, digest.slice(0, 4), status, metadata, state],
        ),
      );
    row(sha('1'), 'verified', JSON.stringify(irisLike()));
    row(sha('2'), 'verified', JSON.stringify(withProblems));
    row(sha('3'), 'weak', JSON.stringify(irisLike()));
    row(sha('4'), 'verified', JSON.stringify(withProblems), 'refused');
    row(sha('5'), 'verified', 'not json');
    v13.close();

    const v14 = await openStore(dir, { migrations: [...upTo13, migration0014] });
    try {
      expect(v14.schemaVersion).toBe(14);
      expect(
        v14
          .all('SELECT digest, metadata_errors FROM bundles ORDER BY digest')
          .map((r) => (r as { metadata_errors: number }).metadata_errors),
      ).toEqual([0, 1, 0, 1, 0]);
      const integrity = (d: string) =>
        bundleSummary(v14, d) && {
          integrity: bundleSummary(v14, d)!.integrity,
          errors: bundleSummary(v14, d)!.metadataErrors,
        };
      expect(integrity(sha('1'))).toEqual({ integrity: 'verified', errors: 0 });
      expect(integrity(sha('2'))).toEqual({ integrity: 'verified-with-problems', errors: 1 });
      expect(integrity(sha('3'))).toEqual({ integrity: 'verified-with-problems', errors: 0 });
      expect(integrity(sha('4'))).toEqual({ integrity: 'refused', errors: 1 });
      expect(() => v14.transaction((tx) => tx.run('UPDATE bundles SET metadata_errors = -1'))).toThrow(/CHECK/);
    } finally {
      v14.close();
    }
    // A bundle imported now records its count as it is stored.
    const latest = await openStore(dir);
    try {
      latest.transaction((tx) =>
        insertBundle(tx, {
          digest: sha('6'),
          name: 'six',
          author: null,
          importedBy: 'dana',
          sourceName: 'six.zip',
          status: 'verified',
          completeness: 'green',
          verification: {
            valid: true,
            complete: true,
            weak: false,
            bagitVersion: '1.0',
            bundleDigest: sha('6'),
            files: 1,
            bytes: 1,
            algorithms: ['sha256'],
            problems: [],
            warnings: [],
          },
          metadata: withProblems,
          metadataState: 'ok',
        }),
      );
      expect(bundleSummary(latest, sha('6'))).toMatchObject({
        status: 'verified',
        integrity: 'verified-with-problems',
        metadataErrors: 1,
      });
    } finally {
      latest.close();
    }
  });
});
