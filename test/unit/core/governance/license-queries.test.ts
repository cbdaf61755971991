import { afterEach, describe, expect, it } from 'vitest';
import { listLicenses } from '../../../../src-main/core/governance/license-queries';
import { addGrant, storeNow } from '../../../../src-main/core/governance/grants';
import { checkDataAccess } from '../../../../src-main/core/governance/data-access';
import { complianceReport, complianceReportJson } from '../../../../src-main/core/governance/compliance-report';
import { complianceReportDataSchema } from '../../../../src-main/common/schemas/licenses';
import { clockedStore, file, metadata, sha, storeBundle } from './governance-helpers';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function withBundles() {
  const s = await clockedStore();
  cleanups.push(s.dispose);
  storeBundle(
    s.store,
    sha('1'),
    metadata({
      name: 'Beta',
      files: [
        file('code/train.py', 'code', 'GPL-3.0-only'),
        file('data/faces.csv', 'data', 'CC-BY-NC-4.0', 'restricted', sha('a')),
        file('model/m.onnx', 'model', 'MIT'),
      ],
    }),
  );
  storeBundle(
    s.store,
    sha('2'),
    metadata({
      name: 'alpha',
      files: [file('=cmd.csv', 'data', 'Apache 2', 'public', sha('b')), file('model/m.onnx', 'model', 'MIT')],
    }),
  );
  return s;
}
const q = (extra: Record<string, unknown> = {}) => ({ offset: 0, limit: 100, ...extra });

describe('listLicenses', () => {
  it('lists one row per artifact across bundles, grouped by bundle in import order, with status counts over everything', async () => {
    const { store } = await withBundles();
    const list = listLicenses(store, q(), storeNow(store));
    expect(list.total).toBe(5);
    expect(list.rows.map((r) => [r.bundleName, r.path, r.status])).toEqual([
      ['Beta', 'code/train.py', 'needs-review'],
      ['Beta', 'data/faces.csv', 'denied'],
      ['Beta', 'model/m.onnx', 'denied'],
      ['alpha', '=cmd.csv', 'invalid'],
      ['alpha', 'model/m.onnx', 'allowed'],
    ]);
    expect(list.counts).toEqual({ allowed: 1, 'needs-review': 1, denied: 2, invalid: 1 });
    expect(list.rows[3]).toMatchObject({
      suggestion: 'Apache-2.0',
      classification: 'public',
      bundleVerdict: 'needs-review',
    });
    expect(list.rows[2]).toMatchObject({ flags: ['restricted-by-data'], bundleVerdict: 'denied' });
  });

  it('filters by status, classification, role and text, and pages', async () => {
    const { store } = await withBundles();
    const now = storeNow(store);
    expect(listLicenses(store, q({ status: 'denied' }), now).rows.map((r) => r.path)).toEqual([
      'data/faces.csv',
      'model/m.onnx',
    ]);
    expect(listLicenses(store, q({ classification: 'restricted' }), now).rows.map((r) => r.path)).toEqual([
      'data/faces.csv',
    ]);
    expect(listLicenses(store, q({ role: 'code' }), now).rows.map((r) => r.path)).toEqual(['code/train.py']);
    expect(listLicenses(store, q({ text: 'gpl' }), now).rows.map((r) => r.path)).toEqual(['code/train.py']);
    expect(listLicenses(store, q({ text: 'alpha' }), now).total).toBe(2);
    expect(listLicenses(store, q({ text: '100%_' }), now).total).toBe(0); // LIKE wildcards are literal
    const page = listLicenses(store, q({ offset: 2, limit: 2 }), now);
    expect(page).toMatchObject({ total: 5 });
    expect(page.rows.map((r) => r.path)).toEqual(['model/m.onnx', '=cmd.csv']);
  });

  it('shows active grants and the last access of each data item', async () => {
    const { store, clock } = await withBundles();
    addGrant(store, { grantee: 'sam', dataset: sha('a'), agreement: 'DUA', expiresAt: '2026-04-01T00:00:00Z' }, 'lee');
    clock.now = new Date('2026-03-05T12:00:00.000Z');
    checkDataAccess(store, { actor: 'sam', digest: sha('1'), purpose: 'replay' });
    const row = () => listLicenses(store, q({ classification: 'restricted' }), storeNow(store)).rows[0]!;
    expect(row()).toMatchObject({ activeGrants: 1, lastAccess: '2026-03-05T12:00:00.000Z' });
    clock.now = new Date('2026-04-02T00:00:00.000Z');
    checkDataAccess(store, { actor: 'sam', digest: sha('1'), purpose: 'replay' }); // refused: not an access
    expect(row()).toMatchObject({ activeGrants: 0, lastAccess: '2026-03-05T12:00:00.000Z' });
  });
});

describe('compliance report', () => {
  it('writes one CSV row per artifact, with formula-like cells defused', async () => {
    const { store } = await withBundles();
    const report = complianceReport(store, 'csv', new Date('2026-03-01T09:00:00Z'));
    expect(report).toMatchObject({ fileName: 'compliance-report-2026-03-01-09-00-00.csv', mediaType: 'text/csv' });
    const lines = report.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'bundle_digest,bundle_name,bundle_verdict,path,role,license,status,reason,suggestion,flags,classification,sha256,active_grants,last_access',
    );
    expect(lines).toHaveLength(6);
    expect(lines[4]).toMatch(new RegExp(`^${sha('2')},alpha,needs-review,'=cmd.csv,data,Apache 2,invalid,`));
    expect(report.text).not.toMatch(/(^|,)[=+@-]/m); // every formula-like cell starts with an apostrophe
  });

  it('writes JSON with the policy in force, summaries, bundles with artifacts, grants and access events', async () => {
    const { store } = await withBundles();
    addGrant(store, { grantee: 'sam', dataset: sha('a'), agreement: 'DUA' }, 'lee');
    checkDataAccess(store, { actor: 'kim', digest: sha('1'), purpose: 'export' });
    const json = complianceReportDataSchema.parse(complianceReportJson(store, storeNow(store)));
    expect(json.policy).toMatchObject({ version: 1, intendedUse: 'commercial', isDefault: true });
    expect(json.summary).toMatchObject({
      bundles: 2,
      verdicts: { denied: 1, 'needs-review': 1 },
      artifacts: 5,
      grants: { active: 1 },
      accessEvents: 1,
      accessOutcomes: { refused: 1 },
    });
    expect(json.bundles[1]).toMatchObject({ name: 'Beta', verdict: 'denied', policyVersion: 1 });
    expect(json.bundles[1]!.artifacts).toHaveLength(3);
    expect(json.grants).toHaveLength(1);
    expect(json.accessEvents[0]).toMatchObject({ actor: 'kim', outcome: 'refused' });
    expect(
      complianceReportDataSchema.safeParse(JSON.parse(complianceReport(store, 'json', storeNow(store)).text)).success,
    ).toBe(true);
  });
});
