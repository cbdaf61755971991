import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../../src-main/core/store/store';
import { migration0001 } from '../../../../../src-main/core/store/migrations/0001-audit-log';
import { migration0002 } from '../../../../../src-main/core/store/migrations/0002-bundles';
import { migration0003 } from '../../../../../src-main/core/store/migrations/0003-replays';
import { migration0004 } from '../../../../../src-main/core/store/migrations/0004-licenses-access';
import { appendAudit, verifyChain } from '../../../../../src-main/core/audit/audit-log';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const digest = 'a'.repeat(64);

describe('migration 0004: licenses and access', () => {
  it('adds the policy, evaluation, grant and access-event tables to a version-3 store, keeping its data', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m4-'));
    dirs.push(dir);
    const v3 = await openStore(dir, { migrations: [migration0001, migration0002, migration0003] });
    v3.transaction((tx) => {
      tx.run(
        `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
         VALUES (?, 'n', NULL, '2026-01-01T00:00:00.000Z', 'dana', 'x.zip', 'verified', 'green', 1, 1, '{}', '{}')`,
        [digest],
      );
      appendAudit(tx, { actor: 'dana', action: 'bundle.import', subject: digest });
    });
    v3.close();

    const v4 = await openStore(dir, { migrations: [migration0001, migration0002, migration0003, migration0004] });
    expect(v4.schemaVersion).toBe(4);
    expect(verifyChain(v4)).toMatchObject({ valid: true, entries: 1 });
    v4.transaction((tx) => {
      tx.run(
        `INSERT INTO license_policies (version, hash, policy_json, set_at, set_by) VALUES (1, 'h', '{}', 't', 'dana')`,
      );
      tx.run(
        `INSERT INTO bundle_licenses (digest, policy_version, policy_hash, verdict, evaluated_at, report_json) VALUES (?, 1, 'h', 'denied', 't', '{}')`,
        [digest],
      );
      tx.run(
        `INSERT INTO license_artifacts (digest, path, ord, role, expression, status, reason, flags) VALUES (?, 'a.csv', 0, 'data', 'MIT', 'allowed', 'r', '[]')`,
        [digest],
      );
      tx.run(
        `INSERT INTO access_grants (id, grantee, dataset_sha256, dataset_path, agreement, granted_at, granted_by) VALUES ('g1', 'sam', ?, 'a.csv', 'DUA', 't', 'lee')`,
        ['b'.repeat(64)],
      );
      tx.run(
        `INSERT INTO access_events (time, actor, digest, dataset_path, classification, purpose, outcome, reason) VALUES ('t', 'sam', ?, 'a.csv', 'restricted', 'replay', 'granted', 'r')`,
        [digest],
      );
    });
    expect(() =>
      v4.transaction((tx) =>
        tx.run(
          `INSERT INTO bundle_licenses (digest, policy_version, policy_hash, verdict, evaluated_at, report_json) VALUES (?, 1, 'h', 'maybe', 't', '{}')`,
          ['c'.repeat(64)],
        ),
      ),
    ).toThrow(/CHECK|FOREIGN/);
    expect(() =>
      v4.transaction((tx) =>
        tx.run(
          `INSERT INTO access_events (time, actor, digest, dataset_path, classification, purpose, outcome, reason) VALUES ('t', 'sam', ?, 'a.csv', 'restricted', 'print', 'granted', 'r')`,
          [digest],
        ),
      ),
    ).toThrow(/CHECK/);
    // A grant names its data set by content hash, or by path within one bundle.
    expect(() =>
      v4.transaction((tx) =>
        tx.run(
          `INSERT INTO access_grants (id, grantee, dataset_path, agreement, granted_at, granted_by) VALUES ('g2', 'sam', 'a.csv', 'DUA', 't', 'lee')`,
        ),
      ),
    ).toThrow(/CHECK/);
    v4.close();
  });
});
