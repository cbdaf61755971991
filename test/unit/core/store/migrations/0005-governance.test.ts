import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../../src-main/core/store/store';
import { migration0001 } from '../../../../../src-main/core/store/migrations/0001-audit-log';
import { migration0002 } from '../../../../../src-main/core/store/migrations/0002-bundles';
import { migration0003 } from '../../../../../src-main/core/store/migrations/0003-replays';
import { migration0004 } from '../../../../../src-main/core/store/migrations/0004-licenses-access';
import { migration0005 } from '../../../../../src-main/core/store/migrations/0005-governance';
import { appendAudit, verifyChain } from '../../../../../src-main/core/audit/audit-log';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const digest = 'a'.repeat(64);
const upTo4 = [migration0001, migration0002, migration0003, migration0004];

describe('migration 0005: governance', () => {
  it('adds identities, team versions, module owners and approvals to a version-4 store, keeping its data', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-m5-'));
    dirs.push(dir);
    const v4 = await openStore(dir, { migrations: upTo4 });
    v4.transaction((tx) => {
      tx.run(
        `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
         VALUES (?, 'n', NULL, '2026-01-01T00:00:00.000Z', 'dana', 'x.zip', 'verified', 'green', 1, 1, '{}', '{}')`,
        [digest],
      );
      appendAudit(tx, { actor: 'dana', action: 'bundle.import', subject: digest });
    });
    v4.close();

    const v5 = await openStore(dir, { migrations: [...upTo4, migration0005] });
    expect(v5.schemaVersion).toBe(5);
    expect(verifyChain(v5)).toMatchObject({ valid: true, entries: 1 });
    v5.transaction((tx) => {
      tx.run(
        `INSERT INTO identities (key_id, name, email, public_key, created_at, protection, local) VALUES ('k', 'Ravi', 'r@x', 'pk', 't', 'scrypt', 1)`,
      );
      tx.run(
        `INSERT INTO team_versions (version, hash, team_json, imported_at, imported_by) VALUES (1, 'h', '{}', 't', 'ravi')`,
      );
      tx.run(`INSERT INTO module_owners (module, email, set_at, set_by) VALUES ('loader', 'r@x', 't', 'ravi')`);
      tx.run(
        `INSERT INTO approvals (id, digest, decision, key_id, approver_name, approver_email, reason, justifications_json, policy_hash, decided_at, envelope_json) VALUES ('a1', ?, 'approve', 'k', 'Ravi', 'r@x', 'ok', '{}', 'p', 't', '{}')`,
        [digest],
      );
    });
    expect(() =>
      v5.transaction((tx) =>
        tx.run(
          `INSERT INTO approvals (id, digest, decision, key_id, approver_name, approver_email, reason, justifications_json, policy_hash, decided_at, envelope_json) VALUES ('a2', ?, 'maybe', 'k', 'R', 'r@x', 'ok', '{}', 'p', 't', '{}')`,
          [digest],
        ),
      ),
    ).toThrow(/CHECK/);
    expect(() =>
      v5.transaction((tx) =>
        tx.run(
          `INSERT INTO approvals (id, digest, decision, key_id, approver_name, approver_email, reason, justifications_json, policy_hash, decided_at, envelope_json) VALUES ('a3', ?, 'approve', 'k', 'R', 'r@x', 'ok', '{}', 'p', 't', '{}')`,
          ['c'.repeat(64)],
        ),
      ),
    ).toThrow(/FOREIGN/);
    expect(() =>
      v5.transaction((tx) =>
        tx.run(`INSERT INTO module_owners (module, email, set_at, set_by) VALUES ('loader', 'r@x', 't', 'ravi')`),
      ),
    ).toThrow(/UNIQUE|PRIMARY/);
    v5.close();
  });
});
