import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain, listAudit } from '../../../../src-main/core/audit/audit-log';
import { defaultLicensePolicy, policyHash } from '../../../../src-main/core/licenses/policy';
import { ensurePolicy, policyHistory, readPolicy } from '../../../../src-main/core/governance/policy-store';
import { parsePolicyText, setPolicy } from '../../../../src-main/core/governance/set-policy';
import { getBundleLicenses, listLicenses } from '../../../../src-main/core/governance/license-queries';
import { auditActions, clockedStore, file, metadata, sha, storeBundle } from './governance-helpers';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
async function fresh() {
  const s = await clockedStore();
  cleanups.push(s.dispose);
  return s;
}

const research = { ...defaultLicensePolicy, intendedUse: 'research' as const };

describe('license policy in the store', () => {
  it('reads the shipped default as version 0 until first use stores it as version 1, audited', async () => {
    const { store } = await fresh();
    expect(readPolicy(store)).toMatchObject({
      version: 0,
      hash: policyHash(defaultLicensePolicy),
      isDefault: true,
      setAt: null,
    });
    const stored = store.transaction((tx) => ensurePolicy(tx, 'dana'));
    expect(stored).toMatchObject({
      version: 1,
      hash: policyHash(defaultLicensePolicy),
      setBy: 'dana',
      setAt: '2026-03-01T09:00:00.000Z',
      isDefault: true,
    });
    store.transaction((tx) => ensurePolicy(tx, 'dana')); // already stored: nothing new
    expect(auditActions(store)).toEqual(['policy.default']);
    expect(policyHistory(store)).toHaveLength(1);
  });

  it('stores each change as the next version with its hash, and audits what changed', async () => {
    const { store, clock } = await fresh();
    clock.now = new Date('2026-03-02T10:00:00.000Z');
    const result = setPolicy(
      store,
      { ...research, deny: ['AGPL-3.0-only'], review: research.review.filter((id) => id !== 'AGPL-3.0-only') },
      { actor: 'lee', note: 'research lab' },
    );
    expect(result).toMatchObject({
      saved: true,
      changed: true,
      problems: [],
      policy: { version: 2, setBy: 'lee', note: 'research lab', isDefault: false },
    });
    expect(readPolicy(store).version).toBe(2);
    expect(readPolicy(store).hash).toBe(result.policy!.hash);
    expect(auditActions(store)).toEqual(['policy.default', 'policy.set']);
    const entry = listAudit(store, { action: 'policy.set' }).entries[0]!;
    expect(entry).toMatchObject({ actor: 'lee', subject: 'license-policy/2', time: '2026-03-02T10:00:00.000Z' });
    expect(entry.details).toMatchObject({
      version: 2,
      previousVersion: 1,
      previousHash: policyHash(defaultLicensePolicy),
      changes: {
        intendedUse: { from: 'commercial', to: 'research' },
        deny: { added: ['AGPL-3.0-only'], removed: [] },
        review: { added: [], removed: ['AGPL-3.0-only'] },
      },
    });
    expect(verifyChain(store).valid).toBe(true);
  });

  it('stores nothing when the content equals the current policy (list order has no meaning)', async () => {
    const { store } = await fresh();
    setPolicy(store, research, { actor: 'lee' });
    const again = setPolicy(store, { ...research, allow: [...research.allow].reverse() }, { actor: 'lee' });
    expect(again).toMatchObject({ saved: true, changed: false, policy: { version: 2 } });
    expect(policyHistory(store).map((p) => p.version)).toEqual([2, 1]);
  });

  it('refuses an invalid policy with problems naming each bad entry, and writes nothing', async () => {
    const { store } = await fresh();
    const result = setPolicy(
      store,
      { intendedUse: 'commercial', allow: ['MIT', 'Apache 2', 'apache-2.0'], deny: ['MIT'], review: [], extra: 1 },
      { actor: 'lee' },
    );
    expect(result.saved).toBe(false);
    const messages = result.problems.map((p) => p.message);
    expect(messages).toContainEqual(
      expect.stringMatching(/^allow\[1\]: unknown SPDX id "Apache 2" \(did you mean "Apache-2.0"\?\)/),
    );
    expect(messages).toContainEqual(expect.stringMatching(/^allow\[2\]: .*apache-2\.0/));
    expect(messages).toContainEqual(expect.stringMatching(/"MIT" is also in deny/));
    expect(messages).toContainEqual(expect.stringMatching(/unknown field "extra"/));
    expect(auditActions(store)).toEqual([]);
    expect(readPolicy(store).version).toBe(0);
  });

  it('reports JSON syntax errors in policy text', () => {
    const bad = parsePolicyText('{"intendedUse": "research",');
    expect(bad.problems[0]).toMatchObject({
      code: 'policy-invalid',
      message: expect.stringMatching(/^not valid JSON/),
    });
    expect(parsePolicyText('{"a": 1}')).toEqual({ value: { a: 1 }, problems: [] });
  });
});

describe('re-evaluation when the policy changes', () => {
  it('re-evaluates every stored bundle in the same transaction and audits the verdict changes', async () => {
    const { store } = await fresh();
    const nc = metadata({
      name: 'nc',
      files: [
        file('model/m.onnx', 'model', 'MIT'),
        file('eval/faces.csv', 'data', 'CC-BY-NC-4.0', 'restricted', sha('a')),
      ],
    });
    const ok = metadata({
      name: 'ok',
      files: [file('model/m.onnx', 'model', 'MIT'), file('eval/test.csv', 'data', 'CC0-1.0', 'public', sha('b'))],
    });
    storeBundle(store, sha('1'), nc);
    storeBundle(store, sha('2'), ok);
    expect(getBundleLicenses(store, sha('1'))).toMatchObject({ verdict: 'denied', policyVersion: 1 });
    expect(getBundleLicenses(store, sha('1')).artifacts.find((a) => a.path === 'model/m.onnx')).toMatchObject({
      status: 'denied',
      flags: ['restricted-by-data'],
    });

    const result = setPolicy(store, research, { actor: 'lee' });
    expect(result.reevaluated).toEqual({
      bundles: 2,
      verdictsChanged: 1,
      changes: [{ digest: sha('1'), name: nc.name, from: 'denied', to: 'needs-review' }],
    });
    expect(getBundleLicenses(store, sha('1'))).toMatchObject({
      verdict: 'needs-review',
      policyVersion: 2,
      policyHash: result.policy!.hash,
    });
    expect(getBundleLicenses(store, sha('2'))).toMatchObject({ verdict: 'allowed', policyVersion: 2 });
    const rows = listLicenses(store, { offset: 0, limit: 100, digest: sha('1') }, new Date()).rows;
    expect(rows.find((r) => r.path === 'model/m.onnx')).toMatchObject({
      status: 'needs-review',
      bundleVerdict: 'needs-review',
    });
    const entry = listAudit(store, { action: 'license.reevaluate' }).entries[0]!;
    expect(entry.details).toMatchObject({
      policyVersion: 2,
      bundles: 2,
      verdictsChanged: 1,
      changes: [{ digest: sha('1'), from: 'denied', to: 'needs-review' }],
    });
    expect(auditActions(store).slice(-2)).toEqual(['policy.set', 'license.reevaluate']);
  });

  it('answers not-found for a bundle that is not stored', async () => {
    const { store } = await fresh();
    expect(() => getBundleLicenses(store, sha('9'))).toThrow(/no bundle with digest 9{64}/);
  });
});
