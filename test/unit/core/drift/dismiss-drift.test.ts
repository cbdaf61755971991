import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BundleMetadata } from '../../../../src-main/common/schemas/bundle';
import type { Store } from '../../../../src-main/core/store/store';
import { detectDrift, listDriftAlerts } from '../../../../src-main/core/drift/detect-drift';
import { dismissDriftAlert } from '../../../../src-main/core/drift/dismiss-drift';
import { dashboardSummary } from '../../../../src-main/core/dashboard/dashboard-summary';
import { clockedStore } from '../governance/governance-helpers';
import { irisLike, sha } from '../compare/compare-fixtures';

let ctx: Awaited<ReturnType<typeof clockedStore>>;
let store: Store;
beforeEach(async () => {
  ctx = await clockedStore();
  store = ctx.store;
});
afterEach(() => ctx.dispose());

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

const changedData = () =>
  irisLike((m) => {
    m.name = 'iris rerun';
    m.datasets[0]!.sha256 = sha('9');
    m.files[0]!.sha256 = sha('9');
  });

describe('dismissDriftAlert', () => {
  it("closes an alert with its reason: audited on the alert's bundle, shown on the alert, no longer open on the dashboard", () => {
    importMeta(sha('1'), irisLike());
    const [alert] = importMeta(sha('2'), changedData());
    expect(dashboardSummary(store, new Date()).drift).toMatchObject({ open: 1, total: 1 });
    const dismissed = dismissDriftAlert(
      store,
      { id: alert!.id, reason: '  the test split was re-drawn on purpose ' },
      'Ravi <ravi@example.org>',
      { osUser: 'root' },
    );
    expect(dismissed.dismissed).toMatchObject({
      reason: 'the test split was re-drawn on purpose',
      actor: 'Ravi <ravi@example.org>',
    });
    const entry = store.get<{ actor: string; subject: string; details: string }>(
      "SELECT actor, subject, details_json AS details FROM audit_log WHERE action = 'drift.dismiss'",
    )!;
    expect(entry.actor).toBe('Ravi <ravi@example.org>');
    expect(entry.subject).toBe(sha('2'));
    expect(JSON.parse(entry.details)).toEqual({
      osUser: 'root',
      alertId: alert!.id,
      kind: 'data',
      alertSubject: 'test.csv',
      earlier: sha('1'),
      reason: 'the test split was re-drawn on purpose',
    });
    expect(dismissed.dismissed!.auditSeq).toBe(
      store.get<{ seq: number }>("SELECT seq FROM audit_log WHERE action = 'drift.dismiss'")!.seq,
    );
    expect(listDriftAlerts(store, { digest: sha('2') })).toEqual([dismissed]);
    expect(dashboardSummary(store, new Date()).drift).toMatchObject({ open: 0, total: 1, latest: [] });
  });

  it('refuses an empty or overlong reason, an unknown alert and a second dismissal, writing nothing', () => {
    importMeta(sha('1'), irisLike());
    const [alert] = importMeta(sha('2'), changedData());
    const audited = () =>
      store.get<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'drift.dismiss'")!.n;
    expect(() => dismissDriftAlert(store, { id: alert!.id, reason: '   ' }, 'dana')).toThrow(
      expect.objectContaining({ code: 'invalid-request' }),
    );
    expect(() => dismissDriftAlert(store, { id: alert!.id, reason: 'x'.repeat(2001) }, 'dana')).toThrow(
      expect.objectContaining({ code: 'invalid-request' }),
    );
    expect(() => dismissDriftAlert(store, { id: 999, reason: 'nope' }, 'dana')).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
    expect(audited()).toBe(0);
    dismissDriftAlert(store, { id: alert!.id, reason: 'known' }, 'dana');
    expect(() => dismissDriftAlert(store, { id: alert!.id, reason: 'again' }, 'kim')).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(audited()).toBe(1);
  });
});
